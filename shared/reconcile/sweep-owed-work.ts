import { reenqueueOwedTimers } from '../deadlines/owed-timers.js';
import { enqueueMissedDigest } from '../digest/send-daily-digest.js';
import { reenqueueOwedMails } from '../mail/owed-mail.js';
import type { RuntimeDeps } from '../runtime-deps.js';
import { reenqueueOwedLoginMails } from '../staff/owed-login-mail.js';
import { reenqueueOwedWebhooks } from '../webhook/enqueue-webhook.js';

/** Tickets looked at per sweep; the next sweep continues where this one could not. */
const SWEEP_BATCH = 2000;

export interface SweepCounts {
  routes: number;
  timers: number;
  mails: number;
  webhooks: number;
  /** 1 when today's digest was missed at 07:30 and enqueued now. */
  digests: number;
  /** Dashboard login links whose e-mail job was lost. */
  logins: number;
}

/**
 * The reconciler: MongoDB says what is owed, Redis only reminds. Each capability is asked for the
 * work it is owed (timers past their grace period, unsent e-mails past their time, webhooks, login
 * e-mails, a missed digest) and enqueues it again under a sweep job id. After Redis lost everything
 * this is how reminders, escalations and e-mails still happen, late by at most one sweep interval;
 * the guarded updates keep each one from happening twice.
 */
export async function sweepOwedWork(deps: RuntimeDeps): Promise<SweepCounts> {
  const now = deps.clock();
  const graceMs = deps.config.SWEEP_GRACE_SECONDS * 1000;
  const cutoff = new Date(now.getTime() - graceMs);
  const { routes, timers } = await reenqueueOwedTimers(deps.queues, cutoff, now, SWEEP_BATCH);
  const counts: SweepCounts = { routes, timers, mails: 0, webhooks: 0, digests: 0, logins: 0 };
  counts.mails = await reenqueueOwedMails(deps.queues, cutoff, now, SWEEP_BATCH);
  counts.webhooks = await reenqueueOwedWebhooks(deps.queues, now, graceMs);
  counts.logins = await reenqueueOwedLoginMails(deps.queues, now, graceMs);
  try {
    counts.digests = (await enqueueMissedDigest(deps, now)) ? 1 : 0;
  } catch (error) {
    deps.log.warn('missed digest not enqueued; the next sweep tries again', { error: String(error) });
  }
  if (Object.values(counts).some((count) => count > 0))
    deps.log.info('sweep re-enqueued owed work', { ...counts });
  return counts;
}
