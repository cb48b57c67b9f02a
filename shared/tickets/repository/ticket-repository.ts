import { isValidObjectId, type Types } from 'mongoose';
import type { NextAction } from '../ticket-types.js';
import { nextSequenceValue } from '../../db/models/counter.model.js';
import { Ticket, type TicketRecord } from '../../db/models/ticket.model.js';
import type { PreviousAnswer } from '../previous-answers.js';
import { formatTicketCode, isTicketCode, ticketCodeYear, ticketSequenceName } from '../ticket-code.js';

/**
 * A ticket as read from MongoDB (plain object, not a mongoose document). `next` is the domain's
 * NextAction: the schema stores it as one flat subdocument, and every writer writes a NextAction.
 * `previousAnswers` is stored loosely (copies of `answer`) and read as what every copy has.
 */
export type StoredTicket = Omit<TicketRecord, 'next' | 'previousAnswers'> & {
  _id: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
  next?: NextAction | null;
  previousAnswers?: PreviousAnswer[];
};

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

/**
 * The ticket repository: the only code that touches the Ticket model (lint keeps it so). Reads
 * return plain objects; state changes go through `applyTransition` (./ticket-transitions.ts).
 */

export async function findTicketById(ticketId: string): Promise<StoredTicket | null> {
  return Ticket.findById(ticketId).lean<StoredTicket>();
}

/** The ticket whose current assignment's answer link has this hash. */
export async function findTicketByCurrentLinkHash(tokenHash: string): Promise<StoredTicket | null> {
  return Ticket.findOne({ 'assignment.tokenHash': tokenHash }).lean<StoredTicket>();
}

/** Whether a link hash is, or was, some ticket's answer link (current, revoked, expired or closed). */
export async function isKnownLinkHash(tokenHash: string): Promise<boolean> {
  return (await Ticket.exists({ 'assignment.tokenHash': tokenHash })) !== null || isPastLinkHash(tokenHash);
}

/** Whether a link hash belonged to an earlier assignment of some ticket (the link was revoked by a reassignment). */
export async function isPastLinkHash(tokenHash: string): Promise<boolean> {
  return (await Ticket.exists({ 'events.data.tokenHash': tokenHash })) !== null;
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

/** By human code only (the citizen's look-up); null for anything that is not a code. */
export async function findTicketByCode(code: string): Promise<StoredTicket | null> {
  if (!isTicketCode(code)) return null;
  return Ticket.findOne({ code }).lean<StoredTicket>();
}

/** True for MongoDB's duplicate-key error (E11000). */
export function isDuplicateKeyError(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 11000;
}

/** The ticket with a supporting unit's link of this hash (co-handling), current or withdrawn. */
export async function findTicketBySupportLinkHash(tokenHash: string): Promise<StoredTicket | null> {
  return Ticket.findOne({ 'supports.tokenHash': tokenHash }).lean<StoredTicket>();
}
