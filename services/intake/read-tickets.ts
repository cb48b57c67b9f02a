import type { SlaPolicy } from '../../config/sla-policy.js';
import { AppError } from '../../shared/errors/app-error.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import { canReadCategory, readableCategoriesFor } from '../../shared/tickets/ticket-access.js';
import type { TicketListQuery } from '../../shared/tickets/ticket-filters.schema.js';
import { listTickets, type TicketPage } from '../../shared/tickets/repository/ticket-lists.js';
import {
  findTicketByIdOrCode,
  type StoredTicket,
} from '../../shared/tickets/repository/ticket-repository.js';

/**
 * One ticket by id or code. A ticket outside the caller's categories is "not found", not
 * "forbidden", so that a conduct reviewer cannot learn which codes exist.
 */
export async function getTicket(
  staff: StaffPrincipal,
  policy: SlaPolicy,
  idOrCode: string,
): Promise<StoredTicket> {
  const ticket = await findTicketByIdOrCode(idOrCode);
  if (!ticket || !canReadCategory(staff.role, policy, ticket.category))
    throw new AppError(404, 'TICKET_NOT_FOUND');
  return ticket;
}

/** A page of tickets the caller may read, narrowed by the query. */
export async function findTickets(
  staff: StaffPrincipal,
  policy: SlaPolicy,
  query: TicketListQuery,
  now: Date,
): Promise<TicketPage> {
  const { limit, cursor, ...filters } = query;
  const readableCategories = readableCategoriesFor(staff.role, policy);
  return listTickets({
    filters: { ...filters, ...(readableCategories ? { readableCategories } : {}) },
    now,
    limit,
    ...(cursor ? { cursor } : {}),
  });
}

/** The operator page's "my recent calls". */
export async function recentTicketsOf(staff: StaffPrincipal, now: Date, limit = 15): Promise<StoredTicket[]> {
  const page = await listTickets({ filters: { createdBy: staff.id }, now, limit });
  return page.tickets;
}

/** The operators' queue: tickets whose unit waits on the citizen's information, oldest first. */
export async function ticketsWaitingOnCitizens(now: Date, limit = 50): Promise<StoredTicket[]> {
  const page = await listTickets({ filters: { status: 'waiting_citizen' }, now, limit });
  return page.tickets.reverse();
}
