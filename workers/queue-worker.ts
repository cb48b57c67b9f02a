import { Worker, type Job, type Processor, type WorkerOptions } from 'bullmq';
import { metrics } from '../shared/metrics/metrics.js';
import { createRedisConnection } from '../shared/queue/redis-connection.js';
import type { QueueName } from '../shared/queue/queues.js';
import type { WorkerContext } from './worker-context.js';

/** A BullMQ worker on its own blocking connection, logging failures by job id (ids only, no ticket content). */
export function createQueueWorker<T>(
  ctx: WorkerContext,
  queue: QueueName,
  processor: (job: Job<T>, token?: string) => Promise<unknown>,
  options: { concurrency?: number; settings?: WorkerOptions['settings'] } = {},
): Worker<T> {
  const connection = createRedisConnection(ctx.redisUrl, 'worker');
  const active = metrics.workerJobsActive.labels(queue);
  const counted: Processor<T> = async (job, token) => {
    active.inc();
    try {
      // New work follows the newest organisation (an /admin change) without a restart.
      await ctx.domain.refresh();
      return await processor(job, token);
    } finally {
      active.dec();
    }
  };
  const worker = new Worker<T>(queue, counted, {
    connection,
    prefix: ctx.prefix,
    concurrency: options.concurrency ?? ctx.config.WORKER_CONCURRENCY,
    autorun: true,
    ...(options.settings ? { settings: options.settings } : {}),
  });
  worker.on('failed', (job, error) => {
    ctx.log.warn('job failed', { queue, jobId: job?.id, attempt: job?.attemptsMade, error: error.message });
  });
  // BullMQ leaves connections it was given open; this one belongs to the worker alone.
  worker.on('closed', () => connection.disconnect());
  worker.on('error', (error) => {
    ctx.log.warn('worker error', { queue, error: error.message });
  });
  return worker;
}
