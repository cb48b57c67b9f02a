import type { RuntimeDeps } from '../runtime-deps.js';
import { metrics } from '../metrics/metrics.js';
import { escalationOfficials, timerAfter, type PlannedTimer } from './timer-plan.js';
import type { OutboxMail, TicketEvent } from '../tickets/ticket-types.js';
import { mailDomainOf, outboxMail, quietHoursNotBefore } from '../mail/outbox.js';
import { enqueueFollowUps } from '../tickets/follow-ups.js';
import { nextTimer, unitOwesAnswer } from '../tickets/lifecycle.js';
import { findTicketById } from '../tickets/repository/ticket-repository.js';
import { applyTransition } from '../tickets/repository/ticket-transitions.js';
import { closeUnreachableCitizen } from './close-unreachable.js';

const STALE = { outcome: 'stale' } as const;

/** A timer that fires this close to its due time counts as on time (BullMQ promotes delayed jobs in batches). */
export const EARLY_TOLERANCE_MS = 1000;

/** `early`: the deadline moved later; the job sleeps again until `dueAt`. */
export type TimerOutcome =
  { outcome: 'reminded' | 'escalated' | 'closed' | 'stale' } | { outcome: 'early'; dueAt: Date };

/**
 * Fires the timer a ticket is owed: a reminder to the unit, or an escalation to the officials of
 * that level (plus the conduct reviewer for conduct and procedure tickets) with a notice to the unit.
 * Acts only if the ticket still waits on the same plan (`next.seq`); answered, reassigned or
 * extended tickets make old jobs stale. The transition, the e-mails owed and the next timer are
 * one guarded update, so two workers or a sweeper's duplicate job cannot both act.
 */
export async function fireTimer(ctx: RuntimeDeps, ticketId: string, seq: number): Promise<TimerOutcome> {
  const ticket = await findTicketById(ticketId);
  const next = ticket?.next;
  if (!ticket || !next || next.seq !== seq || next.action === 'route') return STALE;
  const now = ctx.clock();
  if (next.action === 'citizen_unreachable') {
    // Waiting on the citizen: the unit's timers are set aside (its deadline is paused); only this one runs.
    if (ticket.status !== 'waiting_citizen') return STALE;
    if (next.dueAt.getTime() - now.getTime() > EARLY_TOLERANCE_MS)
      return { outcome: 'early', dueAt: next.dueAt };
    return { outcome: await closeUnreachableCitizen(ctx, ticket, seq, now) };
  }
  // A paused ticket (waiting on the citizen) owes no reminder or escalation: unitOwesAnswer is false.
  if (!unitOwesAnswer(ticket) || !ticket.assignment) return STALE;
  if (next.assignmentNo !== ticket.assignment.no) return STALE;

  if (next.dueAt.getTime() - now.getTime() > EARLY_TOLERANCE_MS)
    return { outcome: 'early', dueAt: next.dueAt };

  const assignment = ticket.assignment;
  const unit = ctx.domain.unit(assignment.unitCode);
  const unitCalendar = ctx.domain.calendars.forUnit(assignment.unitCode);
  const current = next as PlannedTimer;
  const following = timerAfter(ctx.domain.policy, unitCalendar, current, assignment.deadline);
  const urgent = ticket.priority === 'urgent';
  // Quiet hours: the step is recorded now, but people are e-mailed at the next office opening unless urgent.
  const notBeforeFor = (calendar: typeof unitCalendar): Date =>
    quietHoursNotBefore(calendar, now, {
      urgent,
      notifyOutsideOfficeHours: ctx.config.NOTIFY_OUTSIDE_OFFICE_HOURS,
    });
  const mailDomain = mailDomainOf(ctx.config.PUBLIC_BASE_URL);
  // A granted extension makes the same assignment owe its reminder and escalations again: reusing a key
  // (and so the Message-ID) would let the notify worker and mail clients take the new message for the old.
  const freshKey = (key: string): string =>
    ticket.outbox.some((mail) => mail.key === key) ? `${key}-s${seq}` : key;
  const actor = { kind: 'system' as const, name: 'deadline' };
  const mails: OutboxMail[] = [];
  const events: TicketEvent[] = [];
  // Null at the end of the escalation chain: nothing more is owed until someone acts.
  const set: Record<string, unknown> = { next: nextTimer(following, ticket) };

  if (current.action === 'remind') {
    set['assignment.remindedAt'] = now;
    events.push({
      at: now,
      type: 'reminder_sent',
      actor,
      data: { assignmentNo: assignment.no, dueAt: current.dueAt },
    });
    mails.push(
      outboxMail({
        ticketId,
        key: freshKey(`remind-${assignment.no}`),
        kind: 'remind',
        to: unit ? [unit.email] : [],
        now,
        notBefore: notBeforeFor(unitCalendar),
        mailDomain,
        // Binds the answer link to this assignment: sent after a reassignment, it must not carry the new unit's link.
        data: { assignmentNo: assignment.no },
      }),
    );
  } else {
    const officials = escalationOfficials(ctx.domain.policy, current.level, ticket.category);
    set.escalation = { level: current.level, at: now };
    events.push({
      at: now,
      type: 'escalated',
      actor,
      data: { assignmentNo: assignment.no, level: current.level, officials, dueAt: current.dueAt },
    });
    mails.push(
      outboxMail({
        ticketId,
        key: freshKey(`escalate-${assignment.no}-${current.level}`),
        kind: 'escalate',
        // One role holder may hold two roles (the Office Chief reviewing conduct): one copy each.
        to: [...new Set(officials.map((official) => ctx.domain.officialEmail(official)))],
        now,
        notBefore: notBeforeFor(ctx.domain.calendars.standard),
        mailDomain,
        data: { level: current.level, officials },
      }),
      outboxMail({
        ticketId,
        key: freshKey(`overdue-${assignment.no}-${current.level}`),
        kind: 'overdue',
        to: unit ? [unit.email] : [],
        now,
        notBefore: notBeforeFor(unitCalendar),
        mailDomain,
        data: { level: current.level, officials, assignmentNo: assignment.no },
      }),
    );
  }

  const result = await applyTransition(current.action, { ticketId, nextSeq: seq }, { set, events, mails });
  if (result.outcome === 'lost_race') return STALE;
  const updated = result.ticket;
  if (current.action === 'escalate') metrics.ticketsEscalated.inc({ level: String(current.level) });
  await enqueueFollowUps(ctx.queues, updated, now);
  ctx.log.info(current.action === 'remind' ? 'reminder due' : 'ticket escalated', {
    ticketCode: updated.code,
    ...(current.action === 'escalate' ? { level: current.level } : {}),
  });
  return { outcome: current.action === 'remind' ? 'reminded' : 'escalated' };
}
