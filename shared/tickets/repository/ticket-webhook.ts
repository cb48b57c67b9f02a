import { Ticket } from '../../db/models/ticket.model.js';
import type { StoredTicket } from './ticket-repository.js';

/** The switchboard webhook a ticket owes (`webhookPending`), and what became of its deliveries. */

export async function findTicketOwingWebhook(ticketId: string): Promise<StoredTicket | null> {
  return Ticket.findOne({ _id: ticketId, webhookPending: true }).lean<StoredTicket>();
}

/** Nothing can ever be sent (the webhook was switched off, or there is no answer): stop owing it. */
export async function dropOwedWebhook(ticketId: string, reason: string): Promise<void> {
  await Ticket.updateOne(
    { _id: ticketId, webhookPending: true },
    { $set: { webhookPending: false, webhookLastError: reason } },
  );
}

export async function recordWebhookFailure(ticketId: string, failure: string): Promise<void> {
  await Ticket.updateOne(
    { _id: ticketId, webhookPending: true },
    { $set: { webhookLastError: failure.slice(0, 300) }, $inc: { webhookAttempts: 1 } },
  );
}

export async function recordWebhookDelivered(ticketId: string, deliveryId: string, now: Date): Promise<void> {
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
          data: { deliveryId },
        },
      },
    },
  );
}
