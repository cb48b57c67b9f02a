import type { PrivacyPolicy, RetentionSpan } from '../../config/privacy-policy.js';

const DAY_MS = 24 * 3600 * 1000;

/** The instant `span` before `now` (calendar years in UTC: 29 February steps back to 1 March). */
export function instantBefore(now: Date, span: RetentionSpan): Date {
  const out = new Date(now.getTime() - (span.days ?? 0) * DAY_MS);
  if (span.years) out.setUTCFullYear(out.getUTCFullYear() - span.years);
  return out;
}

export interface RetentionCutoffs {
  anonymiseClosedBefore: Date;
  deleteAttachmentsClosedBefore: Date;
  purgeAccessLogBefore: Date;
}

/** What the retention policy asks of a run at `now`. Pure. */
export function retentionCutoffs(policy: PrivacyPolicy['retention'], now: Date): RetentionCutoffs {
  return {
    anonymiseClosedBefore: instantBefore(now, policy.anonymiseIdentityAfterClosure),
    deleteAttachmentsClosedBefore: instantBefore(now, policy.deleteAttachmentsAfterClosure),
    purgeAccessLogBefore: instantBefore(now, policy.keepAccessLog),
  };
}
