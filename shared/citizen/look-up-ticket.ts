import { findTicketByCode } from '../tickets/repository/ticket-repository.js';
import type { TicketDomain } from '../tickets/ticket-domain.js';
import {
  citizenLookupView,
  phoneEndsWith,
  type CitizenLookupView,
  type LookupTicket,
} from './lookup-view.js';

/**
 * A citizen's look-up by ticket code and the last four digits of their phone. "No such code" and
 * "wrong digits" are one answer (null), so the page cannot be used to learn which codes exist.
 */
export async function lookUpTicket(
  domain: TicketDomain,
  request: { code: string; lastFour: string },
): Promise<CitizenLookupView | null> {
  const ticket = (await findTicketByCode(request.code)) as LookupTicket | null;
  if (!ticket || !phoneEndsWith(ticket, request.lastFour)) return null;
  return citizenLookupView(ticket, (code) => domain.unit(code)?.name);
}
