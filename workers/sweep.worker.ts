import { sweepOwedWork } from '../shared/reconcile/sweep-owed-work.js';
import type { QueueSet } from '../shared/queue/queues.js';
import { createQueueWorker } from './queue-worker.js';
import type { WorkerContext } from './worker-context.js';

/** Registers the sweep as a BullMQ Job Scheduler (one schedule however many worker processes run). */
export async function scheduleSweep(ctx: {
  queues: QueueSet;
  config: WorkerContext['config'];
}): Promise<void> {
  await ctx.queues.sweep.upsertJobScheduler(
    'sweep-owed-work',
    { every: ctx.config.SWEEP_INTERVAL_SECONDS * 1000 },
    { name: 'sweep', opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 }, attempts: 1 } },
  );
}

/** The queue door of the reconciler (shared/reconcile/sweep-owed-work.ts). */
export function createSweepWorker(ctx: WorkerContext) {
  return createQueueWorker(ctx, 'sweep', () => sweepOwedWork(ctx), { concurrency: 1 });
}
