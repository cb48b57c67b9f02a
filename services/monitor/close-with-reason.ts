import { AppError } from '../../shared/errors/app-error.js';
import type { TicketStatus } from '../../shared/tickets/ticket-types.js';
import { TRANSITIONS, unitOwesAnswer } from '../../shared/tickets/lifecycle.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import { parseInput } from '../http/validate-input.js';
import {
  applyGuardedChange,
  checkExpected,
  ExpectedStateSchema,
  FormText,
  staffActor,
  unitNotice,
  type ActionDeps,
  type ActionOutcome,
} from './ticket-action.js';

export const CloseFormSchema = ExpectedStateSchema.extend({ reason: FormText(1) });

/** Statuses the Office Chief may close from: anything not already finished. */
export const CLOSABLE_STATUSES: readonly TicketStatus[] = TRANSITIONS.closeWithReason.from;

/**
 * Closes a ticket with a reason (a duplicate, out of scope, settled another way). No timer is owed any
 * more (`next` null). A unit still owing the answer has its link withdrawn and is told not to answer.
 */
export async function closeWithReason(
  deps: ActionDeps,
  staff: StaffPrincipal,
  ticket: StoredTicket,
  body: unknown,
): Promise<ActionOutcome> {
  const form = parseInput(CloseFormSchema, body);
  const repeat = checkExpected(deps.domain, ticket, form);
  if (repeat) return repeat;
  if (!CLOSABLE_STATUSES.includes(ticket.status as TicketStatus)) {
    throw new AppError(409, 'INVALID_STATE', { message: 'Phiếu đã kết thúc trước đó, không cần đóng.' });
  }
  const now = deps.clock();
  const ticketId = ticket._id.toString();
  const waiting = unitOwesAnswer(ticket) && ticket.assignment;
  const actor = staffActor(staff);
  return applyGuardedChange(deps, {
    transition: 'closeWithReason',
    ticketId,
    form,
    now,
    change: {
      set: {
        next: null,
        // After an unsatisfied call-back the call-back's time and outcome stay with the closure.
        closure: {
          ...(ticket.status === 'reopen_requested' && ticket.closure
            ? { calledBackAt: ticket.closure.calledBackAt, outcome: ticket.closure.outcome }
            : {}),
          note: form.reason,
          closedAt: now,
          closedBy: { id: staff.id, name: staff.name },
        },
        ...(ticket.assignment ? { 'assignment.revokedAt': now } : {}),
      },
      events: [
        {
          at: now,
          type: 'closed',
          actor,
          data: { formId: form.formId, reason: form.reason, previousStatus: ticket.status },
        },
      ],
      mails: waiting
        ? unitNotice(deps, {
            ticketId,
            unitCode: ticket.assignment!.unitCode,
            key: `ticket-closed-${ticket.assignment!.no}`,
            kind: 'ticket_closed',
            now,
            data: { reason: form.reason },
          })
        : [],
    },
  });
}
