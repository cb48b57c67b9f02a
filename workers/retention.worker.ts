import { runRetention } from '../shared/retention/run-retention.js';
import { createQueueWorker } from './queue-worker.js';
import type { WorkerContext } from './worker-context.js';

/** The queue door of the retention job; its daily schedule is registered, and re-asserted, by `startWorkers`. */
export function createRetentionWorker(ctx: WorkerContext) {
  return createQueueWorker(ctx, 'retention', () => runRetention(ctx), { concurrency: 1 });
}
