import type { OutboxMail, TicketEvent, TicketStatus } from '../ticket-types.js';
import { Ticket } from '../../db/models/ticket.model.js';
import { TRANSITIONS, type TransitionName } from '../lifecycle.js';
import type { StoredTicket } from './ticket-repository.js';

/**
 * The state the change expects, checked atomically with it (MongoDB has no multi-document
 * transactions here, so this guard is what makes two workers or two clicks unable to both win).
 */
export interface TicketGuard {
  ticketId: string;
  /** The statuses the caller saw; by default every status the transition may start from. */
  statuses?: readonly TicketStatus[];
  /** The assignment the caller saw; 0 means "none yet". */
  assignmentNo?: number;
  /** The answer link the unit used (bound to one assignment). */
  tokenHash?: string;
  /** The timer the caller is firing (`next.seq`). */
  nextSeq?: number;
  /** Further conditions, e.g. "no extension request already pending". */
  extra?: Record<string, unknown>;
}

/** What a transition writes besides the status (which the lifecycle decides). */
export interface TicketChange {
  set?: Record<string, unknown>;
  events?: TicketEvent[];
  mails?: OutboxMail[];
  /** Further arrays to append to (co-handling's `supports`). */
  push?: Record<string, unknown[]>;
}

/** `changed` with the ticket as it is now; `lost_race` when the ticket was no longer in the expected state. */
export type TransitionResult = { outcome: 'changed'; ticket: StoredTicket } | { outcome: 'lost_race' };

function filterOf(name: TransitionName, guard: TicketGuard): Record<string, unknown> {
  const allowed: readonly TicketStatus[] = TRANSITIONS[name].from;
  const statuses = (guard.statuses ?? allowed).filter((status) => allowed.includes(status));
  const filter: Record<string, unknown> = { _id: guard.ticketId, status: { $in: statuses } };
  if (guard.assignmentNo !== undefined) {
    if (guard.assignmentNo > 0) filter['assignment.no'] = guard.assignmentNo;
    else filter.assignment = null;
  }
  if (guard.tokenHash !== undefined) filter['assignment.tokenHash'] = guard.tokenHash;
  if (guard.nextSeq !== undefined) filter['next.seq'] = guard.nextSeq;
  return { ...filter, ...guard.extra };
}

/**
 * Applies one transition of the lifecycle as one atomic update guarded by the expected state: the
 * new status, the fields, the events and the e-mails owed together, or nothing at all.
 */
export async function applyTransition(
  name: TransitionName,
  guard: TicketGuard,
  change: TicketChange,
): Promise<TransitionResult> {
  const to = TRANSITIONS[name].to;
  const set = { ...change.set, ...(to ? { status: to } : {}) };
  const push: Record<string, unknown> = {};
  if (change.events?.length) push.events = { $each: change.events };
  if (change.mails?.length) push.outbox = { $each: change.mails };
  for (const [field, items] of Object.entries(change.push ?? {}))
    if (items.length > 0) push[field] = { $each: items };
  const updated = await Ticket.findOneAndUpdate(
    filterOf(name, guard),
    {
      ...(Object.keys(set).length > 0 ? { $set: set } : {}),
      ...(Object.keys(push).length > 0 ? { $push: push } : {}),
    },
    { returnDocument: 'after', lean: true },
  );
  return updated ? { outcome: 'changed', ticket: updated as StoredTicket } : { outcome: 'lost_race' };
}
