import { createHmac } from 'node:crypto';

/** What the switchboard is told when a unit's answer is ready for the call-back. */
export interface AnsweredWebhookPayload {
  event: 'ticket.answered';
  /** Same on every retry, so the switchboard can drop a repeat after a lost acknowledgement. */
  deliveryId: string;
  ticketId: string;
  code: string;
  /** The switchboard's own reference for the call, when the operator gave one. */
  externalRef?: string;
  answeredAt: string;
  unitCode: string;
  assignmentNo: number;
  onTime: boolean;
}

/** The fields of a stored ticket the webhook reads (no citizen data, no answer text). */
export interface AnsweredTicket {
  _id: { toString(): string };
  code: string;
  externalRef?: string | null;
  answer?: {
    answeredAt?: Date | null;
    unitCode?: string | null;
    assignmentNo?: number | null;
    onTime?: boolean | null;
  } | null;
}

export const SIGNATURE_HEADER = 'X-Hotline-Signature';
export const DELIVERY_HEADER = 'X-Hotline-Delivery';

export function answeredDeliveryId(ticketId: string, assignmentNo: number): string {
  return `${ticketId}.answered.${assignmentNo}`;
}

/** The payload of a ticket's `ticket.answered` webhook, or undefined when the ticket has no answer. */
export function answeredWebhookPayload(ticket: AnsweredTicket): AnsweredWebhookPayload | undefined {
  const answer = ticket.answer;
  if (!answer?.answeredAt || !answer.unitCode || typeof answer.assignmentNo !== 'number') return undefined;
  const ticketId = ticket._id.toString();
  return {
    event: 'ticket.answered',
    deliveryId: answeredDeliveryId(ticketId, answer.assignmentNo),
    ticketId,
    code: ticket.code,
    ...(ticket.externalRef ? { externalRef: ticket.externalRef } : {}),
    answeredAt: answer.answeredAt.toISOString(),
    unitCode: answer.unitCode,
    assignmentNo: answer.assignmentNo,
    onTime: Boolean(answer.onTime),
  };
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`: the receiver recomputes it over the bytes it got. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}
