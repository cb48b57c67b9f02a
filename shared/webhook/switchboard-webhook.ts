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

/** What the switchboard is told, once, when the Office Chief forwarded a ticket outside the Department. */
export const ForwardedWebhookPayloadSchema = z.strictObject({
  event: z.literal('ticket.forwarded'),
  deliveryId: z.string().describe('`<ticketId>.forwarded`, giống nhau ở mọi lần gửi lại'),
  ticketId: z.string().describe('ObjectId của phiếu'),
  code: z.string().describe('Mã phiếu 1022-YYYY-NNNNNN'),
  externalRef: z.string().optional().describe('Mã cuộc gọi của tổng đài, khi điện thoại viên đã nhập'),
  forwardedAt: z.iso.datetime(),
  destinationCode: z.string().describe('Nơi nhận trong danh sách nơi chuyển (xã, phường, cơ quan khác)'),
  destinationName: z.string(),
  // Decree 20/2008/NĐ-CP as amended: forwarded within 5 working days of receipt.
  workingDays: z.number().int().min(0).describe('Số ngày làm việc từ khi tiếp nhận tới khi chuyển'),
  late: z.boolean().describe('Quá 5 ngày làm việc'),
});
export type ForwardedWebhookPayload = z.output<typeof ForwardedWebhookPayloadSchema>;

export type SwitchboardWebhookPayload = AnsweredWebhookPayload | ForwardedWebhookPayload;

/** The fields of a stored ticket the webhook reads (no citizen data, no answer text). */
export interface AnsweredTicket {
  _id: { toString(): string };
  code: string;
  externalRef?: string | null;
  forwarding?: {
    forwardedAt?: Date | null;
    destinationCode?: string | null;
    recipient?: string | null;
    workingDays?: number | null;
    late?: boolean | null;
  } | null;
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

/** The payload of a forwarded ticket's `ticket.forwarded` webhook, or undefined when it was not forwarded. */
export function forwardedWebhookPayload(ticket: AnsweredTicket): ForwardedWebhookPayload | undefined {
  const forwarding = ticket.forwarding;
  if (!forwarding?.forwardedAt || !forwarding.destinationCode) return undefined;
  const ticketId = ticket._id.toString();
  return {
    event: 'ticket.forwarded',
    deliveryId: `${ticketId}.forwarded`,
    ticketId,
    code: ticket.code,
    ...(ticket.externalRef ? { externalRef: ticket.externalRef } : {}),
    forwardedAt: forwarding.forwardedAt.toISOString(),
    destinationCode: forwarding.destinationCode,
    destinationName: forwarding.recipient ?? forwarding.destinationCode,
    workingDays: forwarding.workingDays ?? 0,
    late: Boolean(forwarding.late),
  };
}

/** What a ticket owing the webhook reports: its forwarding outside the Department, else its answer. */
export function switchboardWebhookPayload(ticket: AnsweredTicket): SwitchboardWebhookPayload | undefined {
  return forwardedWebhookPayload(ticket) ?? answeredWebhookPayload(ticket);
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
