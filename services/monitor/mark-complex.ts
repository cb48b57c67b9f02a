import { answerLinkExpiry, firstTimer } from '../../shared/deadlines/timer-plan.js';
import { AppError } from '../../shared/errors/app-error.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import { nextTimer } from '../../shared/tickets/lifecycle.js';
import { processingLevelOf } from '../../shared/tickets/processing-level.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import { parseInput } from '../http/validate-input.js';
import { refuseUnlessWaiting } from './reassign-ticket.js';
import {
  applyGuardedChange,
  checkExpected,
  ExpectedStateSchema,
  FormText,
  staffActor,
  type ActionDeps,
  type ActionOutcome,
} from './ticket-action.js';

export const ComplexFormSchema = ExpectedStateSchema.extend({ reason: FormText(1) });

/**
 * The Office Chief marks a ticket complex (processing level 3, *vụ việc phức tạp*) with a reason. The
 * unit gets the SLA policy's `complexDeadline` counted from its assignment when that is later than the
 * deadline it has; then, as for a granted extension, the link lives as long past the new deadline and
 * the timers start again (new `next.seq`, so jobs of the old plan find themselves stale).
 */
export async function markComplex(
  deps: ActionDeps,
  staff: StaffPrincipal,
  ticket: StoredTicket,
  body: unknown,
): Promise<ActionOutcome> {
  const form = parseInput(ComplexFormSchema, body);
  const repeat = checkExpected(deps.domain, ticket, form);
  if (repeat) return repeat;
  refuseUnlessWaiting(ticket);
  if (processingLevelOf(ticket) === 3) {
    throw new AppError(409, 'INVALID_STATE', {
      message: 'Phiếu đã được xác định là vụ việc phức tạp (mức 3).',
    });
  }
  const now = deps.clock();
  const assignment = ticket.assignment!;
  const calendar = deps.domain.calendars.forUnit(assignment.unitCode);
  const longer = calendar.addSpan(assignment.assignedAt, deps.domain.policy.complexDeadline);
  const moves = longer.getTime() > assignment.deadline.getTime();
  const set: Record<string, unknown> = {
    processingLevel: 3,
    complexity: {
      reason: form.reason,
      setAt: now,
      setBy: { id: staff.id, name: staff.name },
      previousDeadline: assignment.deadline,
    },
  };
  if (moves) {
    set['assignment.deadline'] = longer;
    set['assignment.tokenExpiresAt'] = answerLinkExpiry(deps.domain.policy, longer);
    set.next = nextTimer(
      firstTimer(deps.domain.policy, calendar, { ...assignment, deadline: longer }, now),
      ticket,
    );
    // An escalation was about the old deadline; a new one is counted against the new deadline.
    set.escalation = { level: 0 };
  }
  return applyGuardedChange(deps, {
    transition: 'markComplex',
    ticketId: ticket._id.toString(),
    form,
    now,
    extraGuard: { processingLevel: { $ne: 3 } },
    change: {
      set,
      events: [
        {
          at: now,
          type: 'marked_complex',
          actor: staffActor(staff),
          data: {
            formId: form.formId,
            reason: form.reason,
            assignmentNo: assignment.no,
            previousDeadline: assignment.deadline,
            ...(moves ? { deadline: longer } : {}),
          },
        },
      ],
    },
  });
}
