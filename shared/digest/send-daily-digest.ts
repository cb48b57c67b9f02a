import {
  instantAtMinute,
  localDateOf,
  VIETNAM_TIME_ZONE,
  vietnamDateTimeOf,
} from '../time/vietnam-time-zone.js';
import { sendUnderLease } from '../mail/leased-send.js';
import { mailDomainOf } from '../mail/outbox.js';
import { renderMail } from '../mail/render-mail.js';
import { jobId, type QueueSet } from '../queue/queues.js';
import type { RuntimeDeps } from '../runtime-deps.js';
import { loadStatsTickets } from '../oversight/ticket-stats.js';
import { buildDigest, DIGEST_RATE_DAYS, digestIntakeWindow } from './daily-digest.js';
import { claimDigest, digestState, markDigestSent, releaseDigest, type DigestClaim } from './digest-store.js';
import { redisSentWitness } from '../mail/sent-witness.js';

/** 07:30 on the Vietnamese clock. */
const DIGEST_MINUTE_OF_DAY = 7 * 60 + 30;
/** Every day at DIGEST_MINUTE_OF_DAY; the use case itself skips days off. */
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
 * least punctual units. A day's digest is claimed in MongoDB before it is sent (the leased send) and
 * its Message-ID is fixed by the date, so retries and concurrent workers send it once.
 */
export async function sendDailyDigest(deps: RuntimeDeps): Promise<DigestOutcome> {
  const now = deps.clock();
  const today = localDateOf(now);
  if (!deps.domain.calendars.standard.isWorkingDay(today)) return 'day_off';

  const messageId = `digest-${today}@${mailDomainOf(deps.config.PUBLIC_BASE_URL)}`;
  let refused: Exclude<DigestClaim, 'claimed'> | undefined;
  await sendUnderLease(
    { transport: deps.mail, from: deps.config.MAIL_FROM, now, witness: redisSentWitness(deps.queues) },
    {
      kindOf: () => 'daily_digest',
      leaseMs: SEND_LEASE_MS,
      claim: async () => {
        const claim = await claimDigest(today, messageId, now, SEND_LEASE_MS);
        if (claim === 'claimed') return today;
        refused = claim;
        return null;
      },
      release: (date) => releaseDigest(date, 'released'),
      compose: async (date) => {
        const intake = digestIntakeWindow(deps.domain.calendars.standard, date);
        const from = new Date(
          Math.min(intake.from.getTime(), now.getTime() - DIGEST_RATE_DAYS * 24 * 3600_000),
        );
        const tickets = await loadStatsTickets({}, { from, to: new Date(now.getTime() + 1) }, now);
        const digest = buildDigest(deps.domain, tickets, {
          today: date,
          now,
          baseUrl: deps.config.PUBLIC_BASE_URL,
          workingTime: (unitCode, start, end) =>
            deps.domain.calendars.forUnit(unitCode).workingTimeBetween(start, end),
        });
        return {
          ...renderMail('daily_digest', {
            ...digest,
            department: deps.domain.table.department,
            officeChief: deps.domain.table.officials.officeChief,
          }),
          to: deps.domain.officialEmail('officeChief'),
          messageId,
        };
      },
      recordSent: (date) => markDigestSent(date, deps.clock()),
      recordFailure: async (date, error) => {
        await releaseDigest(date, error);
        return 'retry';
      },
    },
  );
  if (refused) return refused;
  deps.log.info('daily digest sent', { date: today });
  return 'sent';
}

/** Registers the 07:30 Job Scheduler (one schedule however many worker processes run). */
export async function scheduleDigest(deps: { queues: QueueSet }): Promise<void> {
  await deps.queues.digest.upsertJobScheduler(
    DIGEST_SCHEDULER_ID,
    { pattern: DIGEST_CRON, tz: VIETNAM_TIME_ZONE },
    { name: 'digest', opts: DIGEST_JOB_OPTIONS },
  );
}

/**
 * For the sweeper: today's digest when 07:30 passed without it (Redis wiped with its schedule, every
 * worker down for an upgrade): on a working day, from 07:40 until the office closes, it is enqueued
 * once per day. The claim in MongoDB still makes sure it goes out only once.
 */
export async function enqueueMissedDigest(
  deps: Pick<RuntimeDeps, 'domain' | 'queues'>,
  now: Date,
): Promise<boolean> {
  const today = localDateOf(now);
  const closing = deps.domain.calendars.standard.officeIntervalsOn(today).at(-1)?.end;
  const due = instantAtMinute(today, DIGEST_MINUTE_OF_DAY).getTime() + CATCH_UP_AFTER_MS;
  if (!closing || now.getTime() < due || now.getTime() >= closing.getTime()) return false;
  const state = await digestState(today, now);
  if (state.sent || state.sending) return false;
  // A new id per attempt and per hour: a catch-up job that used up its retries (SMTP down for a
  // while) must not block the next one, yet one waiting job is not enqueued again every sweep.
  const id = jobId('digest-missed', today, state.attempts, vietnamDateTimeOf(now).hour);
  if (await deps.queues.digest.getJob(id)) return false;
  await deps.queues.digest.add('digest', {}, { ...DIGEST_JOB_OPTIONS, jobId: id });
  return true;
}
