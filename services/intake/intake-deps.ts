import type { AppContext } from '../app-context.js';
import type { IntakeDeps } from './create-ticket.js';
import { buildTicketInputSchema } from './ticket-input.schema.js';

/**
 * What the createTicket use case needs. The input schema follows the organisation in force (its
 * categories and procedures): rebuilt when an /admin change installs a new version, not per request.
 */
export function intakeDeps(ctx: AppContext): IntakeDeps {
  return {
    queues: ctx.queues,
    clock: ctx.clock,
    get inputSchema() {
      return ctx.domain.derived('ticket-input-schema', (domain) => buildTicketInputSchema(domain.table));
    },
  };
}
