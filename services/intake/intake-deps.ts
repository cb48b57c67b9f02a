import type { AppContext } from '../app-context.js';
import type { IntakeDeps } from './create-ticket.js';
import { buildTicketInputSchema } from './ticket-input.schema.js';

/** What the createTicket use case needs, built once per router from the app context. */
export function intakeDeps(ctx: AppContext): IntakeDeps {
  return { queues: ctx.queues, clock: ctx.clock, inputSchema: buildTicketInputSchema(ctx.domain.table) };
}
