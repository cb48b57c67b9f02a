import { z } from 'zod';
import {
  WAITING_STATUSES,
  type Priority,
  type TicketEvent,
} from '../../shared/domain/ticket/ticket-types.js';
import { AppError } from '../../shared/errors/app-error.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import { planAssignment } from '../../shared/tickets/plan-assignment.js';
import type { StoredTicket } from '../../shared/tickets/ticket-store.js';
import { parseInput } from '../http/validate-input.js';
import {
  applyGuardedChange,
  checkExpected,
  ExpectedStateSchema,
  FormText,
  freshSeqOf,
  staffActor,
  unitNotice,
  type ActionDeps,
  type ActionOutcome,
} from './ticket-action.js';

export const ReassignFormSchema = ExpectedStateSchema.extend({
  unitCode: z.string().regex(/^[A-Z0-9_]{2,16}$/, 'Vui lòng chọn đơn vị.'),
  reason: FormText(0).optional(),
});

export function refuseUnlessWaiting(ticket: StoredTicket): void {
  if (!WAITING_STATUSES.includes(ticket.status as never) || !ticket.assignment) {
    throw new AppError(409, 'TICKET_NOT_WAITING');
  }
}

export function checkUnit(deps: ActionDeps, ticket: StoredTicket, unitCode: string): void {
  const problem = !deps.domain.unit(unitCode)
    ? 'Không có đơn vị với mã này.'
    : unitCode === ticket.assignment?.unitCode
      ? 'Phiếu đang ở đơn vị này; vui lòng chọn đơn vị khác.'
      : undefined;
  if (problem)
    throw new AppError(400, 'VALIDATION_FAILED', { details: [{ path: 'unitCode', message: problem }] });
}

/**
 * Gives the ticket to another unit (giao lại): a new assignment (number + 1, new link, deadline counted
 * from now), the e-mail to the new unit, a notice to the former one, and fresh timers, in one update
 * guarded by the assignment the page showed. The former link stops working because its hash is no
 * longer the current one; the `assigned`/`reassigned` events keep it, so it answers "revoked".
 * A pending "not ours" request is accepted by this, a pending extension request lapses with it.
 */
export async function reassignTicket(
  deps: ActionDeps,
  staff: StaffPrincipal,
  ticket: StoredTicket,
  form: z.output<typeof ReassignFormSchema>,
  extraEvents: TicketEvent[] = [],
): Promise<ActionOutcome> {
  const repeat = checkExpected(deps.domain, ticket, form);
  if (repeat) return repeat;
  refuseUnlessWaiting(ticket);
  checkUnit(deps, ticket, form.unitCode);
  const previous = ticket.assignment!;
  const ticketId = ticket._id.toString();
  const now = deps.clock();
  const actor = staffActor(staff);
  const plan = planAssignment(deps.domain, deps.config, {
    ticketId,
    category: ticket.category,
    priority: ticket.priority as Priority,
    no: previous.no + 1,
    unitCode: form.unitCode,
    informed: previous.informed.filter((code) => code !== form.unitCode),
    from: now,
    now,
    actor,
    eventData: {
      formId: form.formId,
      previousAssignmentNo: previous.no,
      previousUnitCode: previous.unitCode,
      previousTokenHash: previous.tokenHash,
      ...(form.reason ? { reason: form.reason } : {}),
    },
  });
  const decided = { decidedAt: now };
  const set: Record<string, unknown> = {
    status: 'assigned',
    assignment: plan.assignment,
    next: { ...plan.timer, seq: freshSeqOf(ticket) },
    escalation: { level: 0 },
  };
  if (ticket.transferRequest?.decision === 'pending') {
    set['transferRequest.decision'] = 'accepted';
    set['transferRequest.decidedAt'] = decided.decidedAt;
  }
  if (ticket.extensionRequest?.decision === 'pending') {
    // The request was the former unit's; the new unit starts with a full deadline and may ask again.
    set['extensionRequest.decision'] = 'refused';
    set['extensionRequest.decidedAt'] = decided.decidedAt;
  }
  const notice = unitNotice(deps, {
    ticketId,
    unitCode: previous.unitCode,
    key: `reassigned-away-${previous.no}`,
    kind: 'reassigned_away',
    now,
    data: { newUnitName: deps.domain.unit(form.unitCode)?.name, reason: form.reason },
  });
  return applyGuardedChange(deps, {
    ticketId,
    form,
    now,
    update: {
      $set: set,
      $push: {
        events: { $each: [...extraEvents, plan.event] },
        outbox: { $each: [...plan.mails, ...notice] },
      },
    },
  });
}

export async function reassignFromForm(
  deps: ActionDeps,
  staff: StaffPrincipal,
  ticket: StoredTicket,
  body: unknown,
): Promise<ActionOutcome> {
  return reassignTicket(deps, staff, ticket, parseInput(ReassignFormSchema, body));
}
