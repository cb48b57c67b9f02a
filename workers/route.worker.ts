import type { Job } from 'bullmq';
import { z } from 'zod';
import { metrics } from '../shared/metrics/metrics.js';
import { routeTicket } from '../shared/domain/routing/route-ticket.js';
import type { Priority } from '../shared/domain/ticket/ticket-types.js';
import { planAssignment } from '../shared/tickets/plan-assignment.js';
import { enqueueFollowUps } from '../shared/tickets/follow-ups.js';
import { nextTimer } from '../shared/tickets/lifecycle.js';
import { findTicketById } from '../shared/tickets/repository/ticket-repository.js';
import { applyTransition } from '../shared/tickets/repository/ticket-transitions.js';
import { createQueueWorker } from './queue-worker.js';
import type { WorkerContext } from './worker-context.js';

const RouteJobSchema = z.strictObject({ ticketId: z.string().regex(/^[0-9a-f]{24}$/) });

/**
 * Routes a received ticket: picks the unit, computes the deadline, creates the answer link and
 * records it all, with the e-mail owed and the first timer, in one guarded update. Running it twice
 * changes nothing: only a ticket still `received` is assigned.
 */
export async function routeReceivedTicket(ctx: WorkerContext, ticketId: string): Promise<'assigned' | 'skipped'> {
  const ticket = await findTicketById(ticketId);
  if (!ticket) return 'skipped';
  if (ticket.status !== 'received') {
    // A retry after a crash between the update and the enqueue: make sure the follow-ups exist.
    if (ticket.status === 'assigned') await enqueueFollowUps(ctx.queues, ticket, ctx.clock());
    return 'skipped';
  }
  const now = ctx.clock();
  const decision = routeTicket(ctx.domain.table, { category: ticket.category, procedureCode: ticket.procedureCode });
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
  const result = await applyTransition(
    'route',
    { ticketId },
    { set: { assignment: plan.assignment, next: nextTimer(plan.timer, ticket) }, events: [plan.event], mails: plan.mails },
  );
  if (result.outcome === 'lost_race') return 'skipped';
  const updated = result.ticket;
  metrics.ticketsAssigned.inc();
  await enqueueFollowUps(ctx.queues, updated, now);
  ctx.log.info('ticket assigned', { ticketCode: updated.code, unit: decision.unitCode, rule: decision.rule });
  return 'assigned';
}

export function createRouteWorker(ctx: WorkerContext) {
  return createQueueWorker(ctx, 'route', async (job: Job<unknown>) => {
    const { ticketId } = RouteJobSchema.parse(job.data);
    return routeReceivedTicket(ctx, ticketId);
  });
}
