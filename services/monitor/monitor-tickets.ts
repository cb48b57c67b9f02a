import { AppError } from '../../shared/errors/app-error.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';
import { findTicketByIdOrCode, type StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import { canReadCategory } from '../../shared/tickets/ticket-access.js';

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
