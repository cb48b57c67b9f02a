import type { Job } from 'bullmq';
import { z } from 'zod';
import { Ticket } from '../shared/db/models/ticket.model.js';
import { metrics } from '../shared/metrics/metrics.js';
import { routeTicket } from '../shared/domain/routing/route-ticket.js';
import type { Priority } from '../shared/domain/ticket/ticket-types.js';
import { planAssignment } from '../shared/tickets/plan-assignment.js';
import { enqueueFollowUps } from '../shared/tickets/follow-ups.js';
import { createQueueWorker } from './queue-worker.js';
import type { WorkerContext } from './worker-context.js';

const RouteJobSchema = z.strictObject({ ticketId: z.string().regex(/^[0-9a-f]{24}$/) });

/**
 * Routes a received ticket: picks the unit, computes the deadline, creates the answer link and
 * records it all, with the e-mail owed and the first timer, in one guarded update. Running it twice
 * changes nothing: only a ticket still `received` is assigned.
 */
export async function routeReceivedTicket(ctx: WorkerContext, ticketId: string): Promise<'assigned' | 'skipped'> {
  const ticket = await Ticket.findById(ticketId).lean();
  if (!ticket) return 'skipped';
  if (ticket.status !== 'received') {
    // A retry after a crash between the update and the enqueue: make sure the follow-ups exist.
    if (ticket.status === 'assigned') await enqueueFollowUps(ctx.queues, ticket as never, ctx.clock());
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
  const next = { ...plan.timer, seq: (ticket.next?.seq ?? 0) + 1 };
  const updated = await Ticket.findOneAndUpdate(
    { _id: ticketId, status: 'received' },
    {
      $set: { status: 'assigned', assignment: plan.assignment, next },
      $push: { events: plan.event, outbox: { $each: plan.mails } },
    },
    { returnDocument: 'after', lean: true },
  );
  if (!updated) return 'skipped';
  metrics.ticketsAssigned.inc();
  await enqueueFollowUps(ctx.queues, updated as never, now);
  ctx.log.info('ticket assigned', { ticketCode: updated.code, unit: decision.unitCode, rule: decision.rule });
  return 'assigned';
}

export function createRouteWorker(ctx: WorkerContext) {
  return createQueueWorker(ctx, 'route', async (job: Job<unknown>) => {
    const { ticketId } = RouteJobSchema.parse(job.data);
    return routeReceivedTicket(ctx, ticketId);
  });
}
