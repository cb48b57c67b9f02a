import { SUPPORT_OPEN_STATUSES } from './lifecycle.js';
import type { SupportTimer, TicketStatus } from './ticket-types.js';

/**
 * Co-handling, pure (issue 18 item 3): a lead unit (the ticket's `assignment`) and supporting units
 * (`supports[]`), each with its own link, its own earlier deadline and its own timer. This file says
 * when a supporting link is still open; the use cases are in shared/co-handling/.
 */

/** A supporting unit as the ticket keeps it (`supports[]`). */
export interface SupportRecord {
  /** 1, 2, … over the ticket's whole life: a support of an earlier lead assignment keeps its number. */
  no: number;
  /** The lead assignment it was asked under: a new lead assignment withdraws it. */
  assignmentNo: number;
  unitCode: string;
  requestedAt: Date;
  requestedBy?: { id?: string | null; name?: string | null } | null;
  note?: string | null;
  deadline: Date;
  tokenHash: string;
  tokenSalt: string;
  tokenExpiresAt: Date;
  remindedAt?: Date | null;
  escalatedAt?: Date | null;
  next?: SupportTimer | null;
  /**
   * Its timer set aside while the ticket waits on the citizen: no reminder or escalation is owed
   * meanwhile; when the wait ends it comes back, as much later as the support's deadline, with a
   * fresh seq (shared/co-handling/support-pause.ts).
   */
  pausedNext?: SupportTimer | null;
  /** Set with `input` in the one update that records it: of two submissions at once, one wins. */
  submittedAt?: Date | null;
  input?: {
    text?: string | null;
    responderName?: string | null;
    responderPosition?: string | null;
    onTime?: boolean | null;
    formId?: string | null;
    attachments?: Array<{
      id?: string | null;
      filename?: string | null;
      contentType?: string | null;
      size?: number | null;
      storedAs?: string | null;
    }> | null;
  } | null;
}

interface CoHandledTicket {
  status: string;
  assignment?: { no: number; revokedAt?: Date | null } | null;
}

/**
 * Whether a supporting link still works: the lead still owes the answer (or waits on the citizen)
 * under the same assignment. The lead's answer, a reassignment, a reopening and every closure move
 * the ticket out of this, so they withdraw every supporting link at once.
 */
export function supportIsOpen(
  ticket: CoHandledTicket,
  support: Pick<SupportRecord, 'assignmentNo'>,
): boolean {
  const assignment = ticket.assignment;
  return (
    (SUPPORT_OPEN_STATUSES as readonly TicketStatus[]).includes(ticket.status as TicketStatus) &&
    Boolean(assignment) &&
    !assignment!.revokedAt &&
    assignment!.no === support.assignmentNo
  );
}

/** Whether a supporting unit still owes its input: its link is open and it has not sent it yet. */
export function supportOwesInput(ticket: CoHandledTicket, support: SupportRecord): boolean {
  return supportIsOpen(ticket, support) && !support.submittedAt;
}

/** The supports asked under the ticket's current lead assignment (what the lead's page shows). */
export function currentSupports<T extends Pick<SupportRecord, 'assignmentNo'>>(
  ticket: CoHandledTicket & { supports?: readonly T[] | null },
): T[] {
  const no = ticket.assignment?.no;
  return (ticket.supports ?? []).filter((support) => support.assignmentNo === no);
}

/**
 * A supporting timer's `seq`, never used before on this ticket's support: every timer step comes
 * with an event, so the event count is an upper bound (as for the lead's `next`).
 */
export function freshSupportSeq(
  support: Pick<SupportRecord, 'next'>,
  ticket: { events?: readonly unknown[] | null },
): number {
  return Math.max(support.next?.seq ?? 0, ticket.events?.length ?? 0) + 1;
}
