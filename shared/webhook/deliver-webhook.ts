import {
  dropOwedWebhook,
  findTicketOwingWebhook,
  recordWebhookDelivered,
  recordWebhookFailure,
} from '../tickets/repository/ticket-webhook.js';
import {
  switchboardWebhookPayload,
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  signWebhookBody,
  TIMESTAMP_HEADER,
} from './switchboard-webhook.js';
import type { RuntimeDeps } from '../runtime-deps.js';

/** How long the switchboard may take to answer one delivery, in milliseconds. */
const REQUEST_TIMEOUT_MS = 10_000;
export const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 30 * 60_000;

/** 1 s, 2 s, 4 s … capped at 30 min, ±20 %: a switchboard back after an hour is not left waiting for days. */
export function webhookRetryDelay(attemptsMade: number): number {
  const delay = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attemptsMade - 1), BACKOFF_CAP_MS);
  return Math.round(delay * (0.8 + Math.random() * 0.4));
}

type DeliveryOutcome = 'delivered' | 'skipped';

/**
 * Delivers the signed `ticket.answered` (or `ticket.forwarded`) webhook of one ticket. MongoDB says whether it is still owed
 * (`webhookPending`); anything but a 2xx throws, so BullMQ retries with backoff. Delivery is at least
 * once: the deterministic delivery id lets the switchboard drop a repeat.
 */
export async function deliverAnsweredWebhook(ctx: RuntimeDeps, ticketId: string): Promise<DeliveryOutcome> {
  const ticket = await findTicketOwingWebhook(ticketId);
  if (!ticket) return 'skipped';
  const { SWITCHBOARD_WEBHOOK_URL: url, SWITCHBOARD_WEBHOOK_SECRET: secret } = ctx.config;
  const payload = switchboardWebhookPayload(ticket);
  if (!url || !secret || !payload) {
    // Nothing can ever be sent (the webhook was switched off); stop owing it rather than retry forever.
    await dropOwedWebhook(ticketId, url ? 'no answer to report' : 'webhook not configured');
    ctx.log.warn('switchboard webhook dropped', {
      ticketCode: ticket.code,
      reason: url ? 'no answer' : 'not configured',
    });
    return 'skipped';
  }

  const body = JSON.stringify(payload);
  // The signature covers the time it was made, so the switchboard can refuse a replayed delivery.
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
    await recordWebhookFailure(ticketId, failure);
    ctx.log.warn('switchboard webhook not accepted', { ticketCode: ticket.code, error: failure });
    throw new Error(`switchboard webhook not accepted: ${failure}`);
  }
  await recordWebhookDelivered(ticketId, payload.deliveryId, now);
  return 'delivered';
}
