import { Queue, type JobsOptions } from 'bullmq';
import type { RedisClient } from './redis-connection.js';

/** One queue per kind of work; workers/ has one file per queue. */
export const QUEUE_NAMES = ['route', 'notify', 'deadline', 'sweep', 'digest', 'webhook', 'login'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Completed jobs are kept a while so that a duplicate enqueue with the same job id is a no-op. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

export type QueueSet = Record<QueueName, Queue> & {
  /** The producer connection the queues share, for the few keys kept beside the jobs. */
  redis: RedisClient;
  prefix: string;
  close(): Promise<void>;
};

/** Producer-side queues sharing one fail-fast connection. */
export function createQueues(connection: RedisClient, prefix: string): QueueSet {
  const queues = Object.fromEntries(
    QUEUE_NAMES.map((name) => [
      name,
      new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
    ]),
  ) as Record<QueueName, Queue>;
  for (const queue of Object.values(queues)) queue.on('error', () => {});
  return {
    ...queues,
    redis: connection,
    prefix,
    close: async () => {
      await Promise.allSettled(Object.values(queues).map((queue) => queue.close()));
    },
  };
}

/** BullMQ refuses ':' in custom job ids; ticket ids and keys never contain one, this keeps it so. */
export function jobId(...parts: Array<string | number>): string {
  return parts.map((part) => String(part).replace(/:/g, '_')).join('-');
}
