import type { UpdateQuery } from 'mongoose';
import { Ticket, type TicketRecord } from '../db/models/ticket.model.js';
import { WAITING_STATUSES, type TicketStatus } from '../domain/ticket/ticket-types.js';
import type { StoredTicket } from '../tickets/ticket-store.js';

/** Data access of the answer capability: reads by link hash, and state changes guarded by the expected state. */

export async function findTicketByCurrentLinkHash(tokenHash: string): Promise<StoredTicket | null> {
  return Ticket.findOne({ 'assignment.tokenHash': tokenHash }).lean<StoredTicket>();
}

/** Whether a link hash belonged to an earlier assignment of some ticket (the link was revoked by a reassignment). */
export async function isPastLinkHash(tokenHash: string): Promise<boolean> {
  return (await Ticket.exists({ 'events.data.tokenHash': tokenHash })) !== null;
}

export async function findTicketById(ticketId: string): Promise<StoredTicket | null> {
  return Ticket.findById(ticketId).lean<StoredTicket>();
}

/** The expected state of a unit's action: this ticket, this very assignment and link, and one of these statuses. */
export interface AssignmentGuard {
  ticketId: string;
  assignmentNo: number;
  tokenHash: string;
  statuses: readonly TicketStatus[];
  /** Extra conditions, e.g. no extension request already pending. */
  extra?: Record<string, unknown>;
}

/**
 * One atomic guarded update: null when the ticket moved on (answered by someone else, reassigned,
 * a request already pending), so two clicks or two people can never both win.
 */
export async function updateIfStillAssigned(
  guard: AssignmentGuard,
  update: UpdateQuery<TicketRecord>,
): Promise<StoredTicket | null> {
  return Ticket.findOneAndUpdate(
    {
      _id: guard.ticketId,
      status: { $in: [...guard.statuses] },
      'assignment.no': guard.assignmentNo,
      'assignment.tokenHash': guard.tokenHash,
      ...guard.extra,
    },
    update,
    { returnDocument: 'after', lean: true },
  ) as Promise<StoredTicket | null>;
}

export const ANSWERABLE_STATUSES = WAITING_STATUSES;
