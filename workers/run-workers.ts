import type { Worker } from 'bullmq';
import { createDeadlineWorker } from './deadline.worker.js';
import { createNotifyWorker } from './notify.worker.js';
import { createRouteWorker } from './route.worker.js';
import { createSweepWorker, scheduleSweep } from './sweep.worker.js';
import { createWebhookWorker } from './webhook.worker.js';
import type { WorkerContext } from './worker-context.js';

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs, lets active ones finish (unfinished ones return to the queue), closes connections. */
  close(): Promise<void>;
}

/** Starts one BullMQ worker per queue in this process, and makes sure the sweep schedule exists. */
export async function startWorkers(ctx: WorkerContext): Promise<RunningWorkers> {
  const workers: Worker[] = [
    createRouteWorker(ctx),
    createNotifyWorker(ctx),
    createDeadlineWorker(ctx),
    createSweepWorker(ctx),
    createWebhookWorker(ctx),
  ];
  try {
    await scheduleSweep(ctx);
  } catch (error) {
    // Redis may be down at start; workers reconnect by themselves and the schedule is set on the next start.
    ctx.log.warn('could not register the sweep schedule yet', { error: error instanceof Error ? error.message : String(error) });
  }
  return {
    workers,
    close: async () => {
      await Promise.allSettled(workers.map((worker) => worker.close()));
      await ctx.close();
    },
  };
}
