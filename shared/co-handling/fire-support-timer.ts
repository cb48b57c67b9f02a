import type { RuntimeDeps } from '../runtime-deps.js';
import { EARLY_TOLERANCE_MS } from '../deadlines/fire-timer.js';
import { escalationOfficials } from '../deadlines/timer-plan.js';
import { supportTimerAfter } from '../deadlines/support-timer-plan.js';
import { mailDomainOf, outboxMail, quietHoursNotBefore } from '../mail/outbox.js';
import { enqueueFollowUps } from '../tickets/follow-ups.js';
import { freshSupportSeq, supportOwesInput } from '../tickets/co-handling.js';
import { PAUSED_STATUSES } from '../tickets/lifecycle.js';
import { findTicketById } from '../tickets/repository/ticket-repository.js';
import { applyTransition } from '../tickets/repository/ticket-transitions.js';
import type { OutboxMail, TicketEvent } from '../tickets/ticket-types.js';
import { supportsOf } from './resolve-support-link.js';

export type SupportTimerOutcome =
  { outcome: 'reminded' | 'escalated' | 'dropped' | 'paused' | 'stale' } | { outcome: 'early'; dueAt: Date };

/**
 * Fires a supporting unit's own timer (co-handling): a reminder to it before its input deadline, or,
 * at that deadline, an escalation to the officials of level 1 with a notice to the supporting unit.
 * Acts only if the support still owes its input under the same plan (`supports[].next.seq`); once the
 * link is withdrawn (the lead answered, a reassignment, a closure) the timer is dropped, so the
 * sweeper stops finding it; while the ticket waits on the citizen it is set aside (paused). One guarded update each, so a duplicate job cannot act twice.
 */
export async function fireSupportTimer(
  ctx: RuntimeDeps,
  ticketId: string,
  supportNo: number,
  seq: number,
): Promise<SupportTimerOutcome> {
  const ticket = await findTicketById(ticketId);
  const support = ticket ? supportsOf(ticket).find((item) => item.no === supportNo) : undefined;
  const current = support?.next;
  if (!ticket || !support || !current || current.seq !== seq) return { outcome: 'stale' };
  const elemGuard = { supports: { $elemMatch: { no: supportNo, 'next.seq': seq } } };
  if (!supportOwesInput(ticket, support)) {
    const dropped = await applyTransition(
      'dropSupportTimer',
      { ticketId, extra: elemGuard },
      { set: { 'supports.$.next': null } },
    );
    return { outcome: dropped.outcome === 'changed' ? 'dropped' : 'stale' };
  }
  if ((PAUSED_STATUSES as readonly string[]).includes(ticket.status)) {
    // askCitizen sets every supporting timer aside in its own update; one still live here (planned
    // before that rule) is set aside now, so it neither fires during the wait nor is swept again.
    const paused = await applyTransition(
      'pauseSupportTimer',
      { ticketId, extra: elemGuard },
      { set: { 'supports.$.pausedNext': current, 'supports.$.next': null } },
    );
    return { outcome: paused.outcome === 'changed' ? 'paused' : 'stale' };
  }
  const now = ctx.clock();
  if (current.dueAt.getTime() - now.getTime() > EARLY_TOLERANCE_MS)
    return { outcome: 'early', dueAt: current.dueAt };

  const unit = ctx.domain.unit(support.unitCode);
  const calendar = ctx.domain.calendars.forUnit(support.unitCode);
  const urgent = ticket.priority === 'urgent';
  const notBeforeFor = (cal: typeof calendar): Date =>
    quietHoursNotBefore(cal, now, {
      urgent,
      notifyOutsideOfficeHours: ctx.config.NOTIFY_OUTSIDE_OFFICE_HOURS,
    });
  const mailDomain = mailDomainOf(ctx.config.PUBLIC_BASE_URL);
  const actor = { kind: 'system' as const, name: 'deadline' };
  const following = supportTimerAfter(current, support.deadline);
  const set: Record<string, unknown> = {
    'supports.$.next': following ? { ...following, seq: freshSupportSeq(support, ticket) } : null,
  };
  const mails: OutboxMail[] = [];
  const events: TicketEvent[] = [];
  const base = { supportNo, unitCode: support.unitCode, assignmentNo: support.assignmentNo };
  if (current.action === 'remind') {
    set['supports.$.remindedAt'] = now;
    events.push({ at: now, type: 'support_reminded', actor, data: { ...base, dueAt: support.deadline } });
    mails.push(
      outboxMail({
        ticketId,
        key: `support-remind-${supportNo}`,
        kind: 'support_remind',
        to: unit ? [unit.email] : [],
        now,
        notBefore: notBeforeFor(calendar),
        mailDomain,
        data: base,
      }),
    );
  } else {
    const officials = escalationOfficials(ctx.domain.policy, 1, ticket.category);
    set['supports.$.escalatedAt'] = now;
    events.push({
      at: now,
      type: 'support_escalated',
      actor,
      data: { ...base, level: 1, officials, dueAt: support.deadline },
    });
    mails.push(
      outboxMail({
        ticketId,
        key: `support-escalate-${supportNo}`,
        kind: 'support_escalate',
        to: [...new Set(officials.map((official) => ctx.domain.officialEmail(official)))],
        now,
        notBefore: notBeforeFor(ctx.domain.calendars.standard),
        mailDomain,
        data: { ...base, level: 1, officials },
      }),
      outboxMail({
        ticketId,
        key: `support-overdue-${supportNo}`,
        kind: 'support_overdue',
        to: unit ? [unit.email] : [],
        now,
        notBefore: notBeforeFor(calendar),
        mailDomain,
        data: { ...base, level: 1, officials },
      }),
    );
  }
  const transition = current.action === 'remind' ? 'remindSupport' : 'escalateSupport';
  const result = await applyTransition(
    transition,
    {
      ticketId,
      assignmentNo: support.assignmentNo,
      extra: { supports: { $elemMatch: { no: supportNo, 'next.seq': seq, submittedAt: null } } },
    },
    { set, events, mails },
  );
  if (result.outcome === 'lost_race') return { outcome: 'stale' };
  await enqueueFollowUps(ctx.queues, result.ticket, now);
  ctx.log.info(current.action === 'remind' ? 'supporting unit reminded' : 'supporting unit escalated', {
    ticketCode: result.ticket.code,
    supportNo,
  });
  return { outcome: current.action === 'remind' ? 'reminded' : 'escalated' };
}
