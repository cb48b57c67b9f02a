import { findOwedWebhooks } from '../tickets/repository/owed-work.js';
import { enqueueWithTimeout } from '../queue/enqueue.js';
import { jobId, type QueueSet } from '../queue/queues.js';

export interface WebhookJob {
  ticketId: string;
}

/** 20 tries, 1 s doubling up to 30 min apart: about five hours before the sweeper takes over again. */
export const WEBHOOK_ATTEMPTS = 20;
export const WEBHOOK_BACKOFF_TYPE = 'capped-exponential';

/**
 * Enqueues the switchboard webhook owed by a ticket (`webhookPending`). One job id per ticket: a
 * second enqueue while one waits or retries is a no-op. Finished and failed jobs are removed, so the
 * sweeper can always enqueue again while MongoDB still says the webhook is owed. Never throws.
 */
export function enqueueWebhook(queues: QueueSet, ticketId: string): Promise<boolean> {
  return enqueueWithTimeout(() =>
    queues.webhook.add('webhook', { ticketId } satisfies WebhookJob, {
      jobId: jobId('webhook', ticketId),
      attempts: WEBHOOK_ATTEMPTS,
      backoff: { type: WEBHOOK_BACKOFF_TYPE },
      removeOnComplete: true,
      removeOnFail: true,
    }),
  );
}

/**
 * For the sweeper: re-enqueues webhooks still owed `graceMs` after the answer (Redis lost the job,
 * or every retry failed). Returns how many were enqueued.
 */
export async function reenqueueOwedWebhooks(
  queues: QueueSet,
  now: Date,
  graceMs = 60_000,
  limit = 500,
): Promise<number> {
  const owed = await findOwedWebhooks(now, graceMs, limit);
  const results = await Promise.all(owed.map((ticketId) => enqueueWebhook(queues, ticketId)));
  return results.filter(Boolean).length;
}
