import type { Clock } from '../../clock.js';
import { anonymisedFields } from '../../privacy/anonymise.js';
import type { IdentityTicket } from '../../privacy/identity-view.js';
import { Ticket } from '../../db/models/ticket.model.js';
import type { Actor, TicketEvent } from '../ticket-types.js';
import { findTicketById, type StoredTicket } from './ticket-repository.js';
import { applyTransition } from './ticket-transitions.js';

export type AnonymiseOutcome = 'anonymised' | 'already_anonymised' | 'not_found' | 'lost_race';

/**
 * Removes the complainant's identity from one ticket (shared/privacy/anonymise.ts says what changes),
 * as one guarded update with an `anonymised` event. Idempotent: an anonymised ticket is left alone.
 * The guard on `updatedAt` makes a ticket changed since it was read `lost_race` (its newer text
 * would otherwise be overwritten by a masked older one): the caller tries again later.
 * `reason` is recorded as given (`retention`, `citizen_request`, …).
 */
export async function anonymiseTicket(
  ticketId: string,
  reason: string,
  clock: Clock,
  actor: Actor = { kind: 'system', name: 'privacy' },
): Promise<AnonymiseOutcome> {
  const ticket = await findTicketById(ticketId);
  if (!ticket) return 'not_found';
  if (ticket.privacy?.anonymisedAt) return 'already_anonymised';
  const now = clock();
  const event: TicketEvent = {
    at: now,
    type: 'anonymised',
    actor,
    data: { reason },
  };
  const result = await applyTransition(
    'anonymise',
    { ticketId, extra: { 'privacy.anonymisedAt': null, updatedAt: ticket.updatedAt } },
    {
      set: { ...anonymisedFields(ticket), 'privacy.anonymisedAt': now, 'privacy.anonymisedReason': reason },
      events: [event],
    },
  );
  return result.outcome === 'changed' ? 'anonymised' : 'lost_race';
}

/** Records that a ticket's attachments were deleted (the files first, by the caller); the list goes with them. */
export async function markAttachmentsDeleted(
  ticket: Pick<StoredTicket, '_id' | 'status'> & { supports?: StoredTicket['supports'] },
  deleted: number,
  now: Date,
): Promise<boolean> {
  // Co-handling: the supporting units' inputs keep their text; their files go with the answer's.
  const supports = (ticket.supports ?? []).map((support) =>
    support.input ? { ...support, input: { ...support.input, attachments: [] } } : support,
  );
  const result = await applyTransition(
    'deleteAttachments',
    { ticketId: ticket._id.toString(), extra: { 'privacy.attachmentsDeletedAt': null } },
    {
      set: {
        'answer.attachments': [],
        ...(supports.length > 0 ? { supports } : {}),
        'privacy.attachmentsDeletedAt': now,
        'privacy.attachmentsDeleted': deleted,
      },
      events: [
        {
          at: now,
          type: 'attachments_deleted',
          actor: { kind: 'system', name: 'retention' },
          data: { deleted },
        },
      ],
    },
  );
  return result.outcome === 'changed';
}

/** Ids of finished tickets closed before `cutoff` whose identity is still there (oldest first, at most `limit`). */
export async function findTicketsToAnonymise(cutoff: Date, limit: number): Promise<string[]> {
  const rows = await Ticket.find({ ...finishedBefore(cutoff), 'privacy.anonymisedAt': null }, { _id: 1 })
    .sort({ receivedAt: 1 })
    .limit(limit)
    .lean();
  return rows.map((row) => String(row._id));
}

/** Finished tickets closed before `cutoff` whose answer (or a supporting unit's input) still lists attachments. */
export async function findTicketsWithAttachmentsToDelete(
  cutoff: Date,
  limit: number,
): Promise<StoredTicket[]> {
  return Ticket.find({
    $and: [
      finishedBefore(cutoff),
      {
        $or: [
          { 'answer.attachments.0': { $exists: true } },
          // $elemMatch, not a dotted path: the stand-in takes `supports.input.attachments.0` to exist on `supports: []`.
          { supports: { $elemMatch: { 'input.attachments.0': { $exists: true } } } },
        ],
      },
    ],
    'privacy.attachmentsDeletedAt': null,
  })
    .sort({ receivedAt: 1 })
    .limit(limit)
    .lean<StoredTicket[]>();
}

/** Closed (by call-back, by the Office Chief, forwarded) or answered during the call, before `cutoff`. */
function finishedBefore(cutoff: Date): Record<string, unknown> {
  return {
    $or: [
      { status: 'closed', 'closure.closedAt': { $lt: cutoff } },
      { status: 'resolved_at_intake', 'intakeAnswer.answeredAt': { $lt: cutoff } },
    ],
  };
}

/** What identityView needs of each ticket, by id: for an export a permitted person asked identities for. */
export async function findTicketIdentities(
  ticketIds: readonly string[],
): Promise<Map<string, IdentityTicket>> {
  const rows = await Ticket.find(
    { _id: { $in: ticketIds } },
    { category: 1, confidential: 1, citizen: 1 },
  ).lean();
  return new Map(rows.map((row) => [String(row._id), row as IdentityTicket]));
}
