import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import { CLOSURE_OUTCOMES } from '../../shared/tickets/ticket-types.js';
import { AppError } from '../../shared/errors/app-error.js';
import { CLOSURE_REFUSED_VI } from '../../shared/errors/messages-vi.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import { cleanMultilineText } from '../../shared/text/clean-text.js';
import { rawText } from '../../shared/text/raw-text.js';
import { isSupportedInstant, UNSUPPORTED_YEAR_MESSAGE_VI } from '../../shared/calendar/supported-years.js';
import {
  findTicketByIdOrCode,
  type StoredTicket,
} from '../../shared/tickets/repository/ticket-repository.js';
import { parseInput } from '../http/validate-input.js';
import { applyTransition } from '../../shared/tickets/repository/ticket-transitions.js';

/** A switchboard's clock may run a little ahead; more is a mistake. */
const MAX_FUTURE_SKEW_MS = 5 * 60_000;

export const ClosureInputSchema = z.strictObject({
  calledBackAt: z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value))
    .refine(isSupportedInstant, UNSUPPORTED_YEAR_MESSAGE_VI),
  outcome: z.enum(CLOSURE_OUTCOMES),
  note: rawText(2000).transform(cleanMultilineText).pipe(z.string().max(2000)).optional(),
});

function sameClosure(ticket: StoredTicket, input: z.output<typeof ClosureInputSchema>): boolean {
  return (
    ticket.closure?.calledBackAt?.getTime() === input.calledBackAt.getTime() &&
    ticket.closure?.outcome === input.outcome
  );
}

/**
 * The operator called the citizen back (gọi lại công dân): the ticket is closed with the outcome.
 * Only an answered ticket can be closed. A retry of the same closure returns the closed ticket.
 */
export async function closeTicket(
  deps: { clock: Clock },
  staff: StaffPrincipal,
  idOrCode: string,
  body: unknown,
): Promise<StoredTicket> {
  const input = parseInput(ClosureInputSchema, body);
  const now = deps.clock();
  if (input.calledBackAt.getTime() > now.getTime() + MAX_FUTURE_SKEW_MS) {
    throw new AppError(400, 'VALIDATION_FAILED', {
      details: [{ path: 'calledBackAt', message: 'Thời điểm gọi lại không được muộn hơn hiện tại.' }],
    });
  }
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const ticket = await findTicketByIdOrCode(idOrCode);
    if (!ticket) throw new AppError(404, 'TICKET_NOT_FOUND');
    if (ticket.status === 'closed') {
      if (sameClosure(ticket, input)) return ticket;
      throw new AppError(409, 'INVALID_STATE', { message: CLOSURE_REFUSED_VI.closed });
    }
    if (ticket.status !== 'answered')
      throw new AppError(409, 'INVALID_STATE', { message: CLOSURE_REFUSED_VI.notAnswered });
    const result = await applyTransition(
      'recordCallBack',
      // The answer link is withdrawn with the closure; an answered ticket always has its assignment.
      { ticketId: ticket._id.toString(), extra: { assignment: { $ne: null } } },
      {
        set: {
          closure: { ...input, closedAt: now, closedBy: { id: staff.id, name: staff.name } },
          next: null,
          'assignment.revokedAt': now,
        },
        events: [
          {
            at: now,
            type: 'closed',
            actor: { kind: 'staff', id: staff.id, name: staff.name },
            data: { outcome: input.outcome },
          },
        ],
      },
    );
    if (result.outcome === 'changed') return result.ticket;
    // Someone else changed it between the read and the update: look again once.
  }
  throw new AppError(409, 'CONFLICT');
}
