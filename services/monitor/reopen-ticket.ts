import { z } from 'zod';
import { AppError } from '../../shared/errors/app-error.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import { nextTimer } from '../../shared/tickets/lifecycle.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import { parseInput } from '../http/validate-input.js';
import {
  applyGuardedChange,
  checkExpected,
  ExpectedStateSchema,
  FormText,
  staffActor,
  type ActionDeps,
  type ActionOutcome,
} from './ticket-action.js';
import { planNextAssignment } from './reassign-ticket.js';

export const ReopenFormSchema = ExpectedStateSchema.extend({
  unitCode: z.string().regex(/^[A-Z0-9_]{2,16}$/, 'Vui lòng chọn đơn vị.'),
  reason: FormText(1),
});

/**
 * The Office Chief reopens a ticket after an unsatisfied call-back (mở lại phiếu): a new assignment
 * to the same or another unit (number + 1, new link, a full deadline counted from now, fresh timers),
 * the first answer kept in `previousAnswers` (the unit sees it on its page), and the answer cleared so
 * that the new one is counted on its own. One update guarded by the state the page showed.
 */
export async function reopenTicket(
  deps: ActionDeps,
  staff: StaffPrincipal,
  ticket: StoredTicket,
  body: unknown,
): Promise<ActionOutcome> {
  const form = parseInput(ReopenFormSchema, body);
  const repeat = checkExpected(deps.domain, ticket, form);
  if (repeat) return repeat;
  if (ticket.status !== 'reopen_requested' || !ticket.assignment)
    throw new AppError(409, 'REOPEN_NOT_PENDING');
  if (!deps.domain.unit(form.unitCode)) {
    throw new AppError(400, 'VALIDATION_FAILED', {
      details: [{ path: 'unitCode', message: 'Không có đơn vị với mã này.' }],
    });
  }
  const previous = ticket.assignment;
  const ticketId = ticket._id.toString();
  const now = deps.clock();
  const actor = staffActor(staff);
  const plan = planNextAssignment(deps, ticket, {
    unitCode: form.unitCode,
    now,
    actor,
    eventData: { formId: form.formId, reopened: true },
  });
  const answer = ticket.answer?.answeredAt ? ticket.answer : undefined;
  return applyGuardedChange(deps, {
    transition: 'reopen',
    ticketId,
    form,
    now,
    change: {
      set: {
        assignment: plan.assignment,
        next: nextTimer(plan.timer, ticket),
        escalation: { level: 0 },
        previousAnswers: [...(ticket.previousAnswers ?? []), ...(answer ? [answer] : [])],
        answer: {},
        reopenCount: (ticket.reopenCount ?? 0) + 1,
      },
      events: [
        {
          at: now,
          type: 'reopened',
          actor,
          data: {
            formId: form.formId,
            reason: form.reason,
            unitCode: form.unitCode,
            previousUnitCode: previous.unitCode,
            deadline: plan.assignment.deadline,
          },
        },
        plan.event,
      ],
      mails: plan.mails,
    },
  });
}
