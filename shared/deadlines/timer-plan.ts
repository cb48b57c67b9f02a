import type { Official, SlaPolicy } from '../../config/sla-policy.js';
import type { Span } from '../calendar/span.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { Priority } from '../tickets/ticket-types.js';

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
export function reminderAt(policy: SlaPolicy, calendar: WorkingCalendar, assignedAt: Date, deadline: Date): Date {
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
