import { Ticket } from '../../shared/db/models/ticket.model.js';
import type { ClosureOutcome, TicketEvent } from '../../shared/domain/ticket/ticket-types.js';
import type { StoredTicket } from '../../shared/tickets/ticket-store.js';

export interface ClosureRecord {
  calledBackAt: Date;
  outcome: ClosureOutcome;
  note?: string;
  closedAt: Date;
  closedBy: { id: string; name: string };
}

/** answered → closed in one guarded update; null when the ticket is no longer answered. */
export async function closeIfAnswered(
  ticketId: string,
  change: { closure: ClosureRecord; event: TicketEvent },
): Promise<StoredTicket | null> {
  return Ticket.findOneAndUpdate(
    { _id: ticketId, status: 'answered', assignment: { $ne: null } },
    {
      // The answer link is withdrawn with the closure; an answered ticket always has its assignment.
      $set: {
        status: 'closed',
        closure: change.closure,
        next: null,
        'assignment.revokedAt': change.closure.closedAt,
      },
      $push: { events: change.event },
    },
    { returnDocument: 'after', lean: true },
  ) as Promise<StoredTicket | null>;
}
