import { enqueueLoginMail, enqueueMail, enqueueRoute, enqueueTimer } from '../shared/queue/enqueue.js';
import { unsentLoginLinks } from '../shared/staff/login-links.js';
import { findOwedMails, findOwedTimers } from '../shared/tickets/repository/owed-work.js';
import { reenqueueOwedWebhooks } from '../shared/webhook/enqueue-webhook.js';
import { enqueueMissedDigest } from './digest.worker.js';
import { createQueueWorker } from './queue-worker.js';
import type { WorkerContext } from './worker-context.js';

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
 * The reconciler: MongoDB says what is owed, Redis only reminds. Every ticket whose `next` is overdue
 * by more than the grace period, and every unsent e-mail past its time, is enqueued again under a
 * sweep job id. After Redis lost everything this is how reminders, escalations and e-mails still
 * happen, late by at most one sweep interval; the guarded updates keep each one from happening twice.
 */
export async function sweepOwedWork(ctx: WorkerContext): Promise<SweepCounts> {
  const now = ctx.clock();
  const cutoff = new Date(now.getTime() - ctx.config.SWEEP_GRACE_SECONDS * 1000);
  const counts: SweepCounts = { routes: 0, timers: 0, mails: 0, webhooks: 0, digests: 0, logins: 0 };

  for (const { ticketId: id, next } of await findOwedTimers(cutoff, SWEEP_BATCH)) {
    if (next.action === 'route') {
      if (await enqueueRoute(ctx.queues, id, { via: 'sweep' })) counts.routes++;
    } else if (await enqueueTimer(ctx.queues, id, next, { via: 'sweep', now })) {
      counts.timers++;
    }
  }

  for (const mail of await findOwedMails(cutoff, now, SWEEP_BATCH)) {
    const added = await enqueueMail(ctx.queues, mail.ticketId, mail.key, undefined, {
      via: 'sweep',
      attempt: mail.attempts,
      now,
    });
    if (added) counts.mails++;
  }
  counts.webhooks = await reenqueueOwedWebhooks(ctx.queues, now, ctx.config.SWEEP_GRACE_SECONDS * 1000);
  for (const link of await unsentLoginLinks(now, ctx.config.SWEEP_GRACE_SECONDS * 1000)) {
    if (await enqueueLoginMail(ctx.queues, link.id, { via: 'sweep', attempt: link.attempts }))
      counts.logins++;
  }
  try {
    counts.digests = (await enqueueMissedDigest(ctx, now)) ? 1 : 0;
  } catch (error) {
    ctx.log.warn('missed digest not enqueued; the next sweep tries again', { error: String(error) });
  }
  if (Object.values(counts).some((count) => count > 0))
    ctx.log.info('sweep re-enqueued owed work', { ...counts });
  return counts;
}

/** Registers the sweep as a BullMQ Job Scheduler (one schedule however many worker processes run). */
export async function scheduleSweep(ctx: WorkerContext): Promise<void> {
  await ctx.queues.sweep.upsertJobScheduler(
    'sweep-owed-work',
    { every: ctx.config.SWEEP_INTERVAL_SECONDS * 1000 },
    { name: 'sweep', opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 }, attempts: 1 } },
  );
}

export function createSweepWorker(ctx: WorkerContext) {
  return createQueueWorker(ctx, 'sweep', () => sweepOwedWork(ctx), { concurrency: 1 });
}
