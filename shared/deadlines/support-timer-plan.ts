import type { SlaPolicy } from '../../config/sla-policy.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { Priority } from '../tickets/ticket-types.js';
import { computeDeadline, reminderAt, replySpan } from './timer-plan.js';

/** A supporting unit's timer, before it gets its `seq`. */
export type PlannedSupportTimer =
  { action: 'remind'; dueAt: Date } | { action: 'escalate'; dueAt: Date; level: number };

/**
 * A supporting unit's input deadline: `coHandling.inputShare` of the time left from `askedAt` to the
 * lead's deadline, in the supporting unit's office time (Vietnamese working days and hours), or in
 * plain time when the reply span is in seconds (demos and tests). Never after the lead's deadline.
 * When the lead is already late, the share is of a full reply span from `askedAt`: naming a
 * supporting unit on an overdue ticket must not escalate it the moment it is asked.
 */
export function supportDeadline(
  policy: SlaPolicy,
  calendar: WorkingCalendar,
  ticket: { priority: Priority; category: string },
  askedAt: Date,
  leadDeadline: Date,
): Date {
  const leadLate = leadDeadline.getTime() <= askedAt.getTime();
  const until = leadLate ? computeDeadline(policy, calendar, { ...ticket, from: askedAt }) : leadDeadline;
  const share = policy.coHandling.inputShare;
  if ('seconds' in replySpan(policy, ticket.priority, ticket.category)) {
    return new Date(askedAt.getTime() + Math.round((until.getTime() - askedAt.getTime()) * share));
  }
  const due = calendar.addWorkingTime(
    askedAt,
    Math.round(calendar.workingTimeBetween(askedAt, until) * share),
  );
  return due.getTime() < until.getTime() ? due : until;
}

/** The first timer of a supporting unit: its reminder when still ahead, else the escalation at its deadline. */
export function firstSupportTimer(
  policy: SlaPolicy,
  calendar: WorkingCalendar,
  support: { requestedAt: Date; deadline: Date },
  now: Date,
): PlannedSupportTimer {
  if (support.deadline.getTime() > support.requestedAt.getTime()) {
    const remind = reminderAt(policy, calendar, support.requestedAt, support.deadline);
    if (remind.getTime() > now.getTime() && remind.getTime() < support.deadline.getTime())
      return { action: 'remind', dueAt: remind };
  }
  return { action: 'escalate', level: 1, dueAt: support.deadline };
}

/**
 * The timer after a supporting unit's timer fired: after the reminder, the escalation at its deadline;
 * after that, nothing (the lead's own chain carries the ticket's lateness further).
 */
export function supportTimerAfter(
  current: { action: 'remind' | 'escalate' },
  deadline: Date,
): PlannedSupportTimer | null {
  return current.action === 'remind' ? { action: 'escalate', level: 1, dueAt: deadline } : null;
}
