import type { UpdateQuery } from 'mongoose';
import { Ticket, type TicketRecord } from '../../shared/db/models/ticket.model.js';
import { WAITING_STATUSES } from '../../shared/domain/ticket/ticket-types.js';
import { AppError } from '../../shared/errors/app-error.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';
import { buildTicketFilter, type TicketFilters } from '../../shared/tickets/ticket-query.js';
import { findTicketByIdOrCode, type StoredTicket } from '../../shared/tickets/ticket-store.js';
import { canReadCategory } from '../../shared/tickets/ticket-access.js';

/** Data access of the dashboard's lists and actions. Filters come from the shared ticket query module. */

/** How many tickets the escalation queue shows; more would not be read anyway. */
const QUEUE_LIMIT = 100;

/**
 * Unanswered tickets that were escalated or are past their deadline, most late first (earliest
 * deadline first): what the Office Chief has to act on.
 */
export async function escalationQueue(scope: TicketFilters, now: Date): Promise<StoredTicket[]> {
  return Ticket.find({
    $and: [
      buildTicketFilter(scope, now),
      { status: { $in: [...WAITING_STATUSES] } },
      { $or: [buildTicketFilter({ escalated: true }, now), buildTicketFilter({ overdue: true }, now)] },
    ],
  })
    .sort({ 'assignment.deadline': 1, _id: 1 })
    .limit(QUEUE_LIMIT)
    .lean<StoredTicket[]>();
}

/** Tickets whose unit asked for more time or said "not ours", oldest request first. */
export async function pendingDecisions(scope: TicketFilters, now: Date): Promise<StoredTicket[]> {
  return Ticket.find({
    $and: [
      buildTicketFilter(scope, now),
      { status: { $in: [...WAITING_STATUSES] } },
      { $or: [{ 'extensionRequest.decision': 'pending' }, { 'transferRequest.decision': 'pending' }] },
    ],
  })
    .sort({ 'assignment.deadline': 1, _id: 1 })
    .limit(QUEUE_LIMIT)
    .lean<StoredTicket[]>();
}

/** A ticket the staff member may see, by code; others are "not found" so that codes do not leak. */
export async function findVisibleTicket(
  domain: TicketDomain,
  staff: StaffPrincipal,
  code: string,
): Promise<StoredTicket> {
  const ticket = await findTicketByIdOrCode(code);
  if (!ticket || !canReadCategory(staff.role, domain.policy, ticket.category))
    throw new AppError(404, 'TICKET_NOT_FOUND');
  return ticket;
}

export async function findTicketById(ticketId: string): Promise<StoredTicket | null> {
  return Ticket.findById(ticketId).lean<StoredTicket>();
}

/** One atomic update guarded by the state the page showed; null when someone else changed it first. */
export async function updateIfUnchanged(
  guard: Record<string, unknown>,
  update: UpdateQuery<TicketRecord>,
): Promise<StoredTicket | null> {
  return Ticket.findOneAndUpdate(guard, update, {
    returnDocument: 'after',
    lean: true,
  }) as Promise<StoredTicket | null>;
}
