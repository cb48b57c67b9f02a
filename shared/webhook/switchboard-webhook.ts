import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * What the switchboard is told when a unit's answer is ready for the call-back (no citizen data, no
 * answer text). The OpenAPI document's `webhooks` section shows this schema.
 */
export const AnsweredWebhookPayloadSchema = z.strictObject({
  event: z.literal('ticket.answered'),
  deliveryId: z
    .string()
    .describe('Giống nhau ở mọi lần gửi lại: bên nhận bỏ qua lần lặp sau khi xác nhận bị mất'),
  ticketId: z.string().describe('ObjectId của phiếu'),
  code: z.string().describe('Mã phiếu 1022-YYYY-NNNNNN'),
  externalRef: z.string().optional().describe('Mã cuộc gọi của tổng đài, khi điện thoại viên đã nhập'),
  answeredAt: z.iso.datetime(),
  unitCode: z.string().describe('Đơn vị đã trả lời'),
  assignmentNo: z.number().int().min(1).describe('Lần giao thứ mấy'),
  onTime: z.boolean().describe('Trả lời trong hạn'),
});
export type AnsweredWebhookPayload = z.output<typeof AnsweredWebhookPayloadSchema>;

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
/** Unix seconds when this attempt was signed; the signature covers it, so an old delivery cannot be replayed as new. */
export const TIMESTAMP_HEADER = 'X-Hotline-Timestamp';
/** How far a receiver should let a timestamp stray from its clock, in seconds (5 minutes). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

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

/**
 * `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`: the receiver recomputes it over the
 * timestamp header and the bytes it got. Covering the timestamp lets it refuse a replay.
 */
export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/**
 * What a receiver does (docs/intake.md shows it): the signature must match the timestamp and body,
 * and the timestamp must be within the tolerance of its own clock; a captured delivery replayed
 * later fails the second check, and one with a new timestamp fails the first.
 */
export function verifyWebhookSignature(
  secret: string,
  delivery: { timestamp: string | undefined; signature: string | undefined; body: string },
  now: Date,
  toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS,
): boolean {
  const timestamp = Number(delivery.timestamp);
  if (!/^\d{1,12}$/.test(delivery.timestamp ?? '') || delivery.signature === undefined) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhookBody(secret, timestamp, delivery.body));
  const given = Buffer.from(delivery.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
