import { answerLinkExpiry, pausedTime, shiftedByPause, type PauseBasis } from '../deadlines/timer-plan.js';
import { freshSupportSeq, supportOwesInput, type SupportRecord } from '../tickets/co-handling.js';

/**
 * Waiting on the citizen, for the supporting units (co-handling, issue 18 item 4): while the ticket
 * waits, their deadlines pause like the lead's. Pure: these build the fields and the guard that the
 * lead's own transitions (`askCitizen`, `recordCitizenReply`) write in their one guarded update, so
 * the supports can never be paused or resumed apart from the lead. Supports are addressed by their
 * index in `supports[]`, which only grows, so an index read with the ticket still names the same one.
 */

interface CoHandledTicket {
  status: string;
  assignment?: { no: number; revokedAt?: Date | null } | null;
  supports?: readonly unknown[] | null;
  events?: readonly unknown[] | null;
}

/** The fields of a guarded update and the conditions it adds to the guard. */
export interface SupportsChange {
  set: Record<string, unknown>;
  guard: Record<string, unknown>;
}

function supportsOf(ticket: CoHandledTicket): SupportRecord[] {
  return (ticket.supports ?? []) as SupportRecord[];
}

/**
 * The unit asks the citizen: each support still owing its input sets its timer aside
 * (`next` → `pausedNext`), so no supporting reminder or escalation fires and the sweeper, which sees
 * only `next`, owes it nothing. Guarded by each timer's seq as read: a supporting timer that fires at
 * the same moment makes this update lose (then the caller reads again) instead of setting aside a
 * reminder that has already gone out.
 */
export function pauseSupports(ticket: CoHandledTicket): SupportsChange {
  const set: Record<string, unknown> = {};
  const guard: Record<string, unknown> = {};
  supportsOf(ticket).forEach((support, index) => {
    if (!support.next || !supportOwesInput(ticket, support)) return;
    set[`supports.${index}.pausedNext`] = support.next;
    set[`supports.${index}.next`] = null;
    guard[`supports.${index}.next.seq`] = support.next.seq;
  });
  return { set, guard };
}

/** A support's deadline as the citizen's reply moved it (for the event and the e-mails). */
export interface MovedSupport {
  supportNo: number;
  unitCode: string;
  previousDeadline: Date;
  deadline: Date;
  pausedMs: number;
}

/**
 * The operator records the citizen's reply: each support still owing its input gets its deadline
 * moved later by the office time it waited (in its own unit's calendar; from when it was asked, if
 * the Office Chief named it during the wait), its link as long past the new deadline, and its
 * set-aside timer back, as much later, with a fresh seq (jobs of the old plan find themselves stale).
 * Guarded by "still no input" for each: an input sent at the same moment makes the caller read again.
 */
export function resumeSupports(
  ticket: CoHandledTicket,
  waitedSince: Date,
  now: Date,
  basisFor: (unitCode: string) => PauseBasis,
): SupportsChange & { moved: MovedSupport[] } {
  const set: Record<string, unknown> = {};
  const guard: Record<string, unknown> = {};
  const moved: MovedSupport[] = [];
  supportsOf(ticket).forEach((support, index) => {
    if (!supportOwesInput(ticket, support)) return;
    const basis = basisFor(support.unitCode);
    const from = support.requestedAt.getTime() > waitedSince.getTime() ? support.requestedAt : waitedSince;
    const pausedMs = pausedTime(basis, from, now);
    const deadline = shiftedByPause(basis, support.deadline, pausedMs);
    const paused = support.pausedNext;
    set[`supports.${index}.deadline`] = deadline;
    set[`supports.${index}.tokenExpiresAt`] = answerLinkExpiry(basis.policy, deadline);
    set[`supports.${index}.pausedNext`] = null;
    if (paused)
      set[`supports.${index}.next`] = {
        ...paused,
        dueAt: shiftedByPause(basis, paused.dueAt, pausedMs),
        seq: freshSupportSeq({ next: paused }, ticket),
      };
    guard[`supports.${index}.submittedAt`] = null;
    moved.push({
      supportNo: support.no,
      unitCode: support.unitCode,
      previousDeadline: support.deadline,
      deadline,
      pausedMs,
    });
  });
  return { set, guard, moved };
}
