import { DelayedError, type Job } from 'bullmq';
import { z } from 'zod';
import { fireTimer } from '../shared/deadlines/fire-timer.js';
import { fireSupportTimer } from '../shared/co-handling/fire-support-timer.js';
import { createQueueWorker } from './queue-worker.js';
import type { WorkerContext } from './worker-context.js';

const TimerJobSchema = z.strictObject({
  ticketId: z.string().regex(/^[0-9a-f]{24}$/),
  seq: z.number().int().min(0),
  supportNo: z.number().int().min(1).optional(),
});

/** The queue door of reminders and escalations (shared/deadlines/fire-timer.ts; a supporting unit's: shared/co-handling/). */
export function createDeadlineWorker(ctx: WorkerContext) {
  return createQueueWorker(ctx, 'deadline', async (job: Job<unknown>, token?: string) => {
    const { ticketId, seq, supportNo } = TimerJobSchema.parse(job.data);
    const result =
      supportNo === undefined
        ? await fireTimer(ctx, ticketId, seq)
        : await fireSupportTimer(ctx, ticketId, supportNo, seq);
    if (result.outcome !== 'early') return result.outcome;
    // The deadline moved later (an extension): sleep again until the new due time.
    if (!token) return 'early';
    await job.moveToDelayed(result.dueAt.getTime(), token);
    throw new DelayedError();
  });
}
