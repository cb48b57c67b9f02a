import { Ticket } from '../../db/models/ticket.model.js';
import type { TicketEvent } from '../ticket-types.js';
import type { StoredTicket } from './ticket-repository.js';

/** The identity fields a citizen may ask about (issue 16 item 4). */
export const CITIZEN_FIELDS = ['name', 'phone', 'email', 'address'] as const;
export type CitizenField = (typeof CITIZEN_FIELDS)[number];

/** Every ticket of one person, by E.164 phone or lower-case e-mail, oldest first (at most `limit`). */
export async function findTicketsByCitizen(
  key: { phone: string } | { email: string },
  limit = 500,
): Promise<StoredTicket[]> {
  const filter = 'phone' in key ? { 'citizen.phone': key.phone } : { 'citizen.email': key.email };
  return Ticket.find(filter).sort({ receivedAt: 1, _id: 1 }).limit(limit).lean<StoredTicket[]>();
}

/**
 * Corrects one identity field, guarded by the value the admin saw (a concurrent correction is not
 * overwritten) and by "not anonymised". The ticket's event records the field, never a value.
 */
export async function correctCitizenField(
  ticketId: string,
  field: CitizenField,
  expected: string | undefined,
  value: string,
  event: TicketEvent,
): Promise<StoredTicket | null> {
  const path = `citizen.${field}`;
  return Ticket.findOneAndUpdate(
    { _id: ticketId, 'privacy.anonymisedAt': null, [path]: expected ?? null },
    { $set: { [path]: value }, $push: { events: event } },
    { returnDocument: 'after', lean: true },
  ).lean<StoredTicket>();
}
