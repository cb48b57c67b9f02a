import type { Clock } from '../clock.js';
import { countOverdueTickets } from '../tickets/repository/ticket-lists.js';
import { QUEUE_NAMES, type QueueSet } from '../queue/queues.js';
import { metrics } from './metrics.js';

/** Job states reported per queue. */
export const QUEUE_JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** How long one scrape waits for MongoDB or Redis, in milliseconds: a scrape never hangs. */
const SCRAPE_SOURCE_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('scrape timeout')), ms).unref()),
  ]);
}

async function refreshTicketsOverdue(clock: Clock): Promise<void> {
  try {
    const count = await withTimeout(
      countOverdueTickets(clock(), SCRAPE_SOURCE_TIMEOUT_MS),
      SCRAPE_SOURCE_TIMEOUT_MS,
    );
    metrics.ticketsOverdue.set(count);
  } catch {
    // An empty series, not a stale number: a dashboard must not show "0 overdue" while MongoDB is down.
    metrics.ticketsOverdue.reset();
    metrics.scrapeFailures.inc({ source: 'tickets_overdue' });
  }
}

async function refreshQueueJobs(queues: QueueSet): Promise<void> {
  try {
    const counts = await withTimeout(
      Promise.all(QUEUE_NAMES.map((name) => queues[name].getJobCounts(...QUEUE_JOB_STATES))),
      SCRAPE_SOURCE_TIMEOUT_MS,
    );
    metrics.queueJobs.reset();
    QUEUE_NAMES.forEach((queue, index) => {
      for (const state of QUEUE_JOB_STATES) {
        metrics.queueJobs.set({ queue, state }, counts[index]?.[state] ?? 0);
      }
    });
  } catch {
    metrics.queueJobs.reset();
    metrics.scrapeFailures.inc({ source: 'queue_jobs' });
  }
}

/** Recomputes the gauges that are read from MongoDB and Redis; called just before each scrape. */
export async function refreshScrapeGauges(ctx: { queues: QueueSet; clock: Clock }): Promise<void> {
  await Promise.all([refreshTicketsOverdue(ctx.clock), refreshQueueJobs(ctx.queues)]);
}
