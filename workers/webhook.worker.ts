import type { Job, Worker } from 'bullmq';
import { z } from 'zod';
import { Ticket } from '../shared/db/models/ticket.model.js';
import { WEBHOOK_BACKOFF_TYPE } from '../shared/webhook/enqueue-webhook.js';
import {
  answeredWebhookPayload,
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  signWebhookBody,
} from '../shared/webhook/switchboard-webhook.js';
import { createQueueWorker } from './queue-worker.js';
import type { WorkerContext } from './worker-context.js';

const WebhookJobSchema = z.strictObject({ ticketId: z.string().regex(/^[0-9a-f]{24}$/) });

/** How long the switchboard may take to answer one delivery, in milliseconds. */
const REQUEST_TIMEOUT_MS = 10_000;
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 30 * 60_000;

/** 1 s, 2 s, 4 s … capped at 30 min, ±20 %: a switchboard back after an hour is not left waiting for days. */
export function webhookRetryDelay(attemptsMade: number): number {
  const delay = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attemptsMade - 1), BACKOFF_CAP_MS);
  return Math.round(delay * (0.8 + Math.random() * 0.4));
}

type DeliveryOutcome = 'delivered' | 'skipped';

/**
 * Delivers the signed `ticket.answered` webhook of one ticket. MongoDB says whether it is still owed
 * (`webhookPending`); anything but a 2xx throws, so BullMQ retries with backoff. Delivery is at least
 * once: the deterministic delivery id lets the switchboard drop a repeat.
 */
export async function deliverAnsweredWebhook(ctx: WorkerContext, ticketId: string): Promise<DeliveryOutcome> {
  const ticket = await Ticket.findOne({ _id: ticketId, webhookPending: true }).lean();
  if (!ticket) return 'skipped';
  const { SWITCHBOARD_WEBHOOK_URL: url, SWITCHBOARD_WEBHOOK_SECRET: secret } = ctx.config;
  const payload = answeredWebhookPayload(ticket);
  if (!url || !secret || !payload) {
    // Nothing can ever be sent (the webhook was switched off); stop owing it rather than retry forever.
    await Ticket.updateOne(
      { _id: ticketId, webhookPending: true },
      {
        $set: {
          webhookPending: false,
          webhookLastError: url ? 'no answer to report' : 'webhook not configured',
        },
      },
    );
    ctx.log.warn('switchboard webhook dropped', {
      ticketCode: ticket.code,
      reason: url ? 'no answer' : 'not configured',
    });
    return 'skipped';
  }

  const body = JSON.stringify(payload);
  const timestamp = Math.floor(ctx.clock().getTime() / 1000);
  let failure: string | undefined;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        [SIGNATURE_HEADER]: signWebhookBody(secret, timestamp, body),
        [TIMESTAMP_HEADER]: String(timestamp),
        [DELIVERY_HEADER]: payload.deliveryId,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.status < 200 || response.status >= 300) failure = `HTTP ${response.status}`;
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }

  const now = ctx.clock();
  if (failure !== undefined) {
    await Ticket.updateOne(
      { _id: ticketId, webhookPending: true },
      { $set: { webhookLastError: failure.slice(0, 300) }, $inc: { webhookAttempts: 1 } },
    );
    ctx.log.warn('switchboard webhook not accepted', { ticketCode: ticket.code, error: failure });
    throw new Error(`switchboard webhook not accepted: ${failure}`);
  }
  await Ticket.updateOne(
    { _id: ticketId, webhookPending: true },
    {
      $set: { webhookPending: false, webhookDeliveredAt: now },
      $unset: { webhookLastError: '' },
      $inc: { webhookAttempts: 1 },
      $push: {
        events: {
          at: now,
          type: 'webhook_delivered',
          actor: { kind: 'system', name: 'webhook' },
          data: { deliveryId: payload.deliveryId },
        },
      },
    },
  );
  return 'delivered';
}

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
