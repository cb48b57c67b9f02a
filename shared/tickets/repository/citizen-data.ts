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

/** What anonymising writes (shared/privacy/anonymise-ticket.ts plans it). */
export interface AnonymisationChange {
  set: Record<string, unknown>;
  unset: string[];
  event: TicketEvent;
}

/**
 * Replaces a ticket's identity fields in one update guarded by "not anonymised yet", so a retention
 * run and an admin's request at the same moment anonymise once and append one event. Nothing else
 * (status, assignment, dates, category) changes, so the ticket still counts in every statistic.
 * `already` when it was anonymised before; `not_found` when there is no such ticket.
 */
export async function anonymiseTicket(
  ticketId: string,
  change: AnonymisationChange,
): Promise<{ outcome: 'anonymised'; ticket: StoredTicket } | { outcome: 'already' | 'not_found' }> {
  const ticket = await Ticket.findOneAndUpdate(
    { _id: ticketId, 'citizen.anonymisedAt': null },
    {
      $set: change.set,
      ...(change.unset.length ? { $unset: Object.fromEntries(change.unset.map((path) => [path, ''])) } : {}),
      $push: { events: change.event },
    },
    { returnDocument: 'after', lean: true },
  );
  if (ticket) return { outcome: 'anonymised', ticket: ticket as StoredTicket };
  return { outcome: (await Ticket.exists({ _id: ticketId })) ? 'already' : 'not_found' };
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
    { _id: ticketId, 'citizen.anonymisedAt': null, [path]: expected ?? null },
    { $set: { [path]: value }, $push: { events: event } },
    { returnDocument: 'after', lean: true },
  ).lean<StoredTicket>();
}
