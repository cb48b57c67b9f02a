import type { RuntimeDeps } from '../runtime-deps.js';
import { metrics } from '../metrics/metrics.js';
import { routeTicket } from './route-ticket.js';
import type { Priority } from '../tickets/ticket-types.js';
import { planAssignment } from './plan-assignment.js';
import { enqueueFollowUps } from '../tickets/follow-ups.js';
import { nextTimer } from '../tickets/lifecycle.js';
import { findTicketById } from '../tickets/repository/ticket-repository.js';
import { applyTransition } from '../tickets/repository/ticket-transitions.js';
import { citizenNotices } from '../notices/citizen-notices.js';

/**
 * Routes a received ticket: picks the unit, computes the deadline, creates the answer link and
 * records it all, with the e-mail owed and the first timer, in one guarded update. Running it twice
 * changes nothing: only a ticket still `received` is assigned.
 */
export async function routeReceivedTicket(
  ctx: RuntimeDeps,
  ticketId: string,
): Promise<'assigned' | 'skipped'> {
  const ticket = await findTicketById(ticketId);
  if (!ticket) return 'skipped';
  if (ticket.status !== 'received') {
    // A retry after a crash between the update and the enqueue: make sure the follow-ups exist.
    if (ticket.status === 'assigned') await enqueueFollowUps(ctx.queues, ticket, ctx.clock());
    return 'skipped';
  }
  const now = ctx.clock();
  const decision = routeTicket(ctx.domain.table, {
    category: ticket.category,
    procedureCode: ticket.procedureCode,
  });
  const plan = planAssignment(ctx.domain, ctx.config, {
    ticketId,
    category: ticket.category,
    priority: ticket.priority as Priority,
    no: 1,
    unitCode: decision.unitCode,
    informed: decision.informed,
    from: ticket.receivedAt,
    now,
    actor: { kind: 'system', name: 'route' },
    eventData: { rule: decision.rule },
  });
  // The receipt notice (code and how to look it up) is owed from here: routing follows intake at once,
  // and a ticket stored while Redis was down is routed, and so notified, by the sweeper.
  const receipt = citizenNotices({
    ticketId,
    ticket,
    kind: 'notice_received',
    keyStem: 'notice-received',
    now,
    config: ctx.config,
    calendar: ctx.domain.calendars.standard,
  });
  const result = await applyTransition(
    'route',
    { ticketId },
    {
      set: { assignment: plan.assignment, next: nextTimer(plan.timer, ticket) },
      events: [plan.event],
      mails: [...plan.mails, ...receipt],
    },
  );
  if (result.outcome === 'lost_race') return 'skipped';
  const updated = result.ticket;
  metrics.ticketsAssigned.inc();
  await enqueueFollowUps(ctx.queues, updated, now);
  ctx.log.info('ticket assigned', { ticketCode: updated.code, unit: decision.unitCode, rule: decision.rule });
  return 'assigned';
}
