import type { Official, SlaPolicy } from '../../config/sla-policy.js';
import type { Span } from '../calendar/span.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { Priority, UnitTimer } from '../tickets/ticket-types.js';

/** A timer owed to an assignment, before it gets its `seq`. */
export type PlannedTimer =
  | { action: 'remind'; dueAt: Date; assignmentNo: number }
  | { action: 'escalate'; dueAt: Date; assignmentNo: number; level: number };

/** The reply span for a ticket: urgent always uses the urgent span; normal may have a per-category span. */
export function replySpan(policy: SlaPolicy, priority: Priority, category: string): Span {
  if (priority === 'urgent') return policy.deadlines.urgent;
  return policy.categoryDeadlines[category] ?? policy.deadlines.normal;
}

/** The reply deadline of an assignment made at `from` (receipt for the first unit, reassignment after). */
export function computeDeadline(
  policy: SlaPolicy,
  calendar: WorkingCalendar,
  input: { priority: Priority; category: string; from: Date },
): Date {
  return calendar.addSpan(input.from, replySpan(policy, input.priority, input.category));
}

/**
 * When to remind the unit: `reminderBefore` ahead of the deadline, but never in the first half of
 * the span, so a 4-working-hour urgent ticket is reminded halfway rather than before it was sent.
 */
export function reminderAt(
  policy: SlaPolicy,
  calendar: WorkingCalendar,
  assignedAt: Date,
  deadline: Date,
): Date {
  const before = calendar.subtractSpan(deadline, policy.reminderBefore);
  const half = calendar.midpoint(assignedAt, deadline);
  return before.getTime() > half.getTime() ? before : half;
}

/** The first timer of a fresh assignment: the reminder if it is still ahead, else level 1 at the deadline. */
export function firstTimer(
  policy: SlaPolicy,
  calendar: WorkingCalendar,
  assignment: { no: number; assignedAt: Date; deadline: Date },
  now: Date,
): PlannedTimer {
  // A call logged late (receipt long before assignment) can be past its deadline already: no reminder then.
  const remind =
    assignment.deadline.getTime() > assignment.assignedAt.getTime()
      ? reminderAt(policy, calendar, assignment.assignedAt, assignment.deadline)
      : undefined;
  if (remind && remind.getTime() > now.getTime() && remind.getTime() < assignment.deadline.getTime()) {
    return { action: 'remind', dueAt: remind, assignmentNo: assignment.no };
  }
  return { action: 'escalate', level: 1, dueAt: assignment.deadline, assignmentNo: assignment.no };
}

/** The timer after `current` fired, or null at the end of the escalation chain. */
export function timerAfter(
  policy: SlaPolicy,
  calendar: WorkingCalendar,
  current: PlannedTimer,
  deadline: Date,
): PlannedTimer | null {
  if (current.action === 'remind') {
    return { action: 'escalate', level: 1, dueAt: deadline, assignmentNo: current.assignmentNo };
  }
  const following = policy.escalation[current.level];
  if (!following?.after) return null;
  return {
    action: 'escalate',
    level: following.level,
    dueAt: calendar.addSpan(current.dueAt, following.after),
    assignmentNo: current.assignmentNo,
  };
}

/** The officials an escalation level goes to; `conductReviewCategories` (conduct, late procedures) add the conduct reviewer. */
export function escalationOfficials(policy: SlaPolicy, level: number, category: string): Official[] {
  const step = policy.escalation[level - 1];
  const officials = new Set<Official>(step?.notify ?? []);
  if (policy.conductReviewCategories.includes(category)) officials.add('conductReviewer');
  return [...officials];
}

/** How long an answer link stays usable: until `answerLinkValidity.days` calendar days after the deadline. */
export function answerLinkExpiry(policy: SlaPolicy, deadline: Date): Date {
  return new Date(deadline.getTime() + policy.answerLinkValidity.days * 24 * 3600 * 1000);
}

// ── Waiting on the citizen: the deadline pauses ─────────────────────────────────────────────────

/** What a pause is measured with: the ticket's reply span decides (office time, or plain time for seconds). */
export interface PauseBasis {
  policy: SlaPolicy;
  calendar: WorkingCalendar;
  ticket: { priority: Priority; category: string };
}

function countsPlainTime(basis: PauseBasis): boolean {
  return 'seconds' in replySpan(basis.policy, basis.ticket.priority, basis.ticket.category);
}

/**
 * The time a wait on the citizen took from the unit: office time between the request and the reply
 * (a night or a weekend costs the unit nothing anyway), or plain time when the reply span is in
 * seconds (demos and tests, where office hours do not apply either).
 */
export function pausedTime(basis: PauseBasis, from: Date, to: Date): number {
  if (to.getTime() <= from.getTime()) return 0;
  return countsPlainTime(basis) ? to.getTime() - from.getTime() : basis.calendar.workingTimeBetween(from, to);
}

/** An instant (the deadline, a timer's due time) moved later by the time the wait took. */
export function shiftedByPause(basis: PauseBasis, instant: Date, pausedMs: number): Date {
  if (pausedMs <= 0) return instant;
  if (countsPlainTime(basis)) return new Date(instant.getTime() + pausedMs);
  return basis.calendar.addWorkingTime(instant, pausedMs);
}

/** The unit's timer set aside during the wait, due as much later as the deadline (before it gets a fresh seq). */
export function resumedTimer(
  basis: PauseBasis,
  paused: UnitTimer | null | undefined,
  pausedMs: number,
): PlannedTimer | null {
  if (!paused) return null;
  const dueAt = shiftedByPause(basis, paused.dueAt, pausedMs);
  return paused.action === 'remind'
    ? { action: 'remind', dueAt, assignmentNo: paused.assignmentNo }
    : { action: 'escalate', dueAt, assignmentNo: paused.assignmentNo, level: paused.level };
}

/** When the citizen counts as unreachable: `citizenWait.unreachableAfter` after the unit asked. */
export function citizenUnreachableAt(policy: SlaPolicy, calendar: WorkingCalendar, askedAt: Date): Date {
  return calendar.addSpan(askedAt, policy.citizenWait.unreachableAfter);
}
