import { sendDailyDigest } from '../shared/digest/send-daily-digest.js';
import { createQueueWorker } from './queue-worker.js';
import type { WorkerContext } from './worker-context.js';

/** The queue door of the daily digest; its schedule is registered, and re-asserted, by `startWorkers`. */
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
