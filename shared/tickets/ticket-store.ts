import { isValidObjectId, type Types } from 'mongoose';
import { nextSequenceValue } from '../db/models/counter.model.js';
import { Ticket, type TicketRecord } from '../db/models/ticket.model.js';
import { formatTicketCode, isTicketCode, ticketCodeYear, ticketSequenceName } from './ticket-code.js';

/** A ticket as read from MongoDB (plain object, not a mongoose document). */
export type StoredTicket = TicketRecord & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

/** Takes the next number of the ticket's year; numbers are never handed out twice, even under concurrency. */
export async function allocateTicketCode(receivedAt: Date): Promise<string> {
  const year = ticketCodeYear(receivedAt);
  return formatTicketCode(year, await nextSequenceValue(ticketSequenceName(year)));
}

/** One atomic insert: the ticket exists whole or not at all. */
export async function insertTicket(document: object): Promise<StoredTicket> {
  const created = await Ticket.create(document);
  return created.toObject() as StoredTicket;
}

export async function findTicketByIdempotencyKey(key: string): Promise<StoredTicket | null> {
  return Ticket.findOne({ idempotencyKey: key }).lean<StoredTicket>();
}

/** By ObjectId or by human code (`1022-2026-000123`); null for anything else. */
export async function findTicketByIdOrCode(idOrCode: string): Promise<StoredTicket | null> {
  if (/^[0-9a-f]{24}$/i.test(idOrCode) && isValidObjectId(idOrCode)) {
    return Ticket.findById(idOrCode).lean<StoredTicket>();
  }
  if (isTicketCode(idOrCode)) return Ticket.findOne({ code: idOrCode }).lean<StoredTicket>();
  return null;
}

/** True for MongoDB's duplicate-key error (E11000). */
export function isDuplicateKeyError(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 11000;
}
