import type { Job, Worker } from 'bullmq';
import { z } from 'zod';
import {
  BACKOFF_BASE_MS,
  deliverAnsweredWebhook,
  webhookRetryDelay,
} from '../shared/webhook/deliver-webhook.js';
import { WEBHOOK_BACKOFF_TYPE } from '../shared/webhook/enqueue-webhook.js';
import { createQueueWorker } from './queue-worker.js';
import type { WorkerContext } from './worker-context.js';

const WebhookJobSchema = z.strictObject({ ticketId: z.string().regex(/^[0-9a-f]{24}$/) });

/** The queue door of the switchboard webhook (shared/webhook/deliver-webhook.ts), with its own backoff. */
export function createWebhookWorker(ctx: WorkerContext): Worker {
  return createQueueWorker(
    ctx,
    'webhook',
    async (job: Job<unknown>) => deliverAnsweredWebhook(ctx, WebhookJobSchema.parse(job.data).ticketId),
    {
      settings: {
        backoffStrategy: (attemptsMade: number, type?: string) =>
          type === WEBHOOK_BACKOFF_TYPE ? webhookRetryDelay(attemptsMade) : BACKOFF_BASE_MS,
      },
    },
  );
}
