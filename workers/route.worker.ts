import type { Job } from 'bullmq';
import { z } from 'zod';
import { routeReceivedTicket } from '../shared/routing/route-received-ticket.js';
import { createQueueWorker } from './queue-worker.js';
import type { WorkerContext } from './worker-context.js';

const RouteJobSchema = z.strictObject({ ticketId: z.string().regex(/^[0-9a-f]{24}$/) });

/** The queue door of routing (shared/routing/route-received-ticket.ts). */
export function createRouteWorker(ctx: WorkerContext) {
  return createQueueWorker(ctx, 'route', async (job: Job<unknown>) => {
    const { ticketId } = RouteJobSchema.parse(job.data);
    return routeReceivedTicket(ctx, ticketId);
  });
}
