import { z } from 'zod';
import { answerLinkExpiry, firstTimer } from '../../shared/deadlines/timer-plan.js';
import { AppError } from '../../shared/errors/app-error.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import { nextTimer } from '../../shared/tickets/lifecycle.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import { parseInput } from '../http/validate-input.js';
import { refuseUnlessWaiting } from './reassign-ticket.js';
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

export const ExtensionDecisionSchema = ExpectedStateSchema.extend({
  decision: z.enum(['grant', 'refuse'], { error: 'Vui lòng chọn chấp thuận hoặc không chấp thuận.' }),
  note: FormText(0).optional(),
});

/**
 * The Office Chief decides a unit's request for more time (đề nghị gia hạn). Granted: the deadline
 * becomes the instant the unit proposed (the close of office hours on the day it chose), the answer
 * link lives as long past it as before, and the timers start again from the new deadline (new
 * `next.seq`, so jobs of the old plan find themselves stale). Refused: only the decision is recorded.
 * Either way the unit is told, in the same guarded update.
 */
export async function decideExtension(
  deps: ActionDeps,
  staff: StaffPrincipal,
  ticket: StoredTicket,
  body: unknown,
): Promise<ActionOutcome> {
  const form = parseInput(ExtensionDecisionSchema, body);
  const repeat = checkExpected(deps.domain, ticket, form);
  if (repeat) return repeat;
  refuseUnlessWaiting(ticket);
  const request = ticket.extensionRequest;
  if (request?.decision !== 'pending' || !request.proposedDeadline || !request.requestedAt) {
    throw new AppError(409, 'EXTENSION_NOT_PENDING');
  }
  const now = deps.clock();
  const assignment = ticket.assignment!;
  const ticketId = ticket._id.toString();
  const grant = form.decision === 'grant';
  const newDeadline = request.proposedDeadline;
  if (grant && newDeadline.getTime() <= now.getTime()) throw new AppError(409, 'EXTENSION_DATE_PASSED');

  const note = form.note ? { note: form.note } : {};
  const set: Record<string, unknown> = {
    'extensionRequest.decision': grant ? 'granted' : 'refused',
    'extensionRequest.decidedAt': now,
  };
  if (grant) {
    const calendar = deps.domain.calendars.forUnit(assignment.unitCode);
    const timer = firstTimer(deps.domain.policy, calendar, { ...assignment, deadline: newDeadline }, now);
    set['assignment.deadline'] = newDeadline;
    set['assignment.tokenExpiresAt'] = answerLinkExpiry(deps.domain.policy, newDeadline);
    set.next = nextTimer(timer, ticket);
    // The escalation was about the old deadline; a new one is counted against the new deadline.
    set.escalation = { level: 0 };
  }
  const kind = grant ? 'extension_granted' : 'extension_refused';
  return applyGuardedChange(deps, {
    transition: 'decideExtension',
    ticketId,
    form,
    now,
    extraGuard: {
      'extensionRequest.decision': 'pending',
      'extensionRequest.requestedAt': request.requestedAt,
    },
    change: {
      set,
      events: [
        {
          at: now,
          type: kind,
          actor: staffActor(staff),
          data: {
            formId: form.formId,
            assignmentNo: assignment.no,
            previousDeadline: assignment.deadline,
            ...(grant ? { deadline: newDeadline } : {}),
            ...note,
          },
        },
      ],
      mails: unitNotice(deps, {
        ticketId,
        unitCode: assignment.unitCode,
        key: `${kind.replace('_', '-')}-${assignment.no}-${request.requestedAt.getTime()}`,
        kind,
        now,
        data: { proposedDeadline: newDeadline, previousDeadline: assignment.deadline, ...note },
      }),
    },
  });
}
