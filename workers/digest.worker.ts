import {
  instantAtMinute,
  localDateOf,
  VIETNAM_TIME_ZONE,
  vietnamDateTimeOf,
} from '../shared/domain/time/vietnam-time-zone.js';
import { mailDomainOf } from '../shared/mail/outbox.js';
import { renderMail } from '../shared/mail/render-mail.js';
import { metrics } from '../shared/metrics/metrics.js';
import { buildDigest, DIGEST_RATE_DAYS, digestIntakeWindow } from '../shared/tickets/daily-digest.js';
import { claimDigest, digestState, markDigestSent, releaseDigest } from '../shared/tickets/digest-store.js';
import { jobId } from '../shared/queue/queues.js';
import { loadStatsTickets } from '../shared/tickets/ticket-stats.js';
import { createQueueWorker } from './queue-worker.js';
import type { WorkerContext } from './worker-context.js';

/** 07:30 on the Vietnamese clock. */
const DIGEST_MINUTE_OF_DAY = 7 * 60 + 30;
/** Every day at DIGEST_MINUTE_OF_DAY; the worker itself skips days off. */
export const DIGEST_CRON = `${DIGEST_MINUTE_OF_DAY % 60} ${Math.floor(DIGEST_MINUTE_OF_DAY / 60)} * * *`;
export const DIGEST_SCHEDULER_ID = 'daily-digest';
const SEND_LEASE_MS = 5 * 60_000;
/** How long after 07:30 a digest not yet sent counts as missed (longer than a send's lease). */
const CATCH_UP_AFTER_MS = 10 * 60_000;

const DIGEST_JOB_OPTIONS = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 100 },
} as const;

export type DigestOutcome = 'day_off' | 'sent' | 'already_sent' | 'busy';

/**
 * The Office Chief's daily digest (báo cáo hằng ngày): on a working day of the standard calendar,
 * one e-mail with the intake since the previous working day, what is overdue and escalated, and the
 * least punctual units. A day's digest is claimed in MongoDB before it is sent and its Message-ID
 * is fixed by the date, so retries and concurrent workers send it once.
 */
export async function sendDailyDigest(ctx: WorkerContext): Promise<DigestOutcome> {
  const now = ctx.clock();
  const today = localDateOf(now);
  if (!ctx.domain.calendars.standard.isWorkingDay(today)) return 'day_off';

  const messageId = `digest-${today}@${mailDomainOf(ctx.config.PUBLIC_BASE_URL)}`;
  const claim = await claimDigest(today, messageId, now, SEND_LEASE_MS);
  if (claim !== 'claimed') return claim;

  try {
    const intake = digestIntakeWindow(ctx.domain.calendars.standard, today);
    const from = new Date(Math.min(intake.from.getTime(), now.getTime() - DIGEST_RATE_DAYS * 24 * 3600_000));
    const tickets = await loadStatsTickets({}, { from, to: new Date(now.getTime() + 1) }, now);
    const digest = buildDigest(ctx.domain, tickets, {
      today,
      now,
      baseUrl: ctx.config.PUBLIC_BASE_URL,
      workingTime: (unitCode, start, end) =>
        ctx.domain.calendars.forUnit(unitCode).workingTimeBetween(start, end),
    });
    const rendered = renderMail('daily_digest', {
      ...digest,
      department: ctx.domain.table.department,
      officeChief: ctx.domain.table.officials.officeChief,
    });
    await ctx.mail.sendMail({
      from: ctx.config.MAIL_FROM,
      to: ctx.domain.officialEmail('officeChief'),
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId: `<${messageId}>`,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  } catch (error) {
    metrics.emailSendFailures.inc({ kind: 'daily_digest' });
    await releaseDigest(today, error instanceof Error ? error.message : String(error));
    throw error;
  }
  metrics.emailsSent.inc({ kind: 'daily_digest' });
  await markDigestSent(today, ctx.clock());
  ctx.log.info('daily digest sent', { date: today });
  return 'sent';
}

/** Registers the 07:30 Job Scheduler (one schedule however many worker processes run). */
export async function scheduleDigest(ctx: WorkerContext): Promise<void> {
  await ctx.queues.digest.upsertJobScheduler(
    DIGEST_SCHEDULER_ID,
    { pattern: DIGEST_CRON, tz: VIETNAM_TIME_ZONE },
    { name: 'digest', opts: DIGEST_JOB_OPTIONS },
  );
}

/**
 * Today's digest when 07:30 passed without it (Redis wiped with its schedule, every worker down
 * for an upgrade): on a working day, from 07:40 until the office closes, the sweeper enqueues it
 * once per day. The claim in MongoDB still makes sure it goes out only once.
 */
export async function enqueueMissedDigest(ctx: WorkerContext, now: Date): Promise<boolean> {
  const today = localDateOf(now);
  const closing = ctx.domain.calendars.standard.officeIntervalsOn(today).at(-1)?.end;
  const due = instantAtMinute(today, DIGEST_MINUTE_OF_DAY).getTime() + CATCH_UP_AFTER_MS;
  if (!closing || now.getTime() < due || now.getTime() >= closing.getTime()) return false;
  const state = await digestState(today, now);
  if (state.sent || state.sending) return false;
  // A new id per attempt and per hour: a catch-up job that used up its retries (SMTP down for a
  // while) must not block the next one, yet one waiting job is not enqueued again every sweep.
  const id = jobId('digest-missed', today, state.attempts, vietnamDateTimeOf(now).hour);
  if (await ctx.queues.digest.getJob(id)) return false;
  await ctx.queues.digest.add('digest', {}, { ...DIGEST_JOB_OPTIONS, jobId: id });
  return true;
}

/** The digest worker; its schedule is registered, and re-asserted, by `startWorkers`. */
export function createDigestWorker(ctx: WorkerContext) {
  return createQueueWorker(
    ctx,
    'digest',
    async () => {
      const outcome = await sendDailyDigest(ctx);
      // Another worker holds today's claim: retry later, in case that sender dies before it sends.
      if (outcome === 'busy') throw new Error('daily digest is being sent by another worker');
      return outcome;
    },
    { concurrency: 1 },
  );
}
