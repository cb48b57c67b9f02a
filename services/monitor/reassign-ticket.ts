import { z } from 'zod';
import type { Actor, Priority, TicketEvent } from '../../shared/tickets/ticket-types.js';
import { nextTimer, unitOwesAnswer } from '../../shared/tickets/lifecycle.js';
import { AppError } from '../../shared/errors/app-error.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import { planAssignment } from '../../shared/routing/plan-assignment.js';
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

export const ReassignFormSchema = ExpectedStateSchema.extend({
  unitCode: z.string().regex(/^[A-Z0-9_]{2,16}$/, 'Vui lòng chọn đơn vị.'),
  reason: FormText(0).optional(),
});

export function refuseUnlessWaiting(ticket: StoredTicket): void {
  if (!unitOwesAnswer(ticket) || !ticket.assignment) {
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
  const plan = planNextAssignment(deps, ticket, {
    unitCode: form.unitCode,
    now,
    actor,
    eventData: { formId: form.formId, ...(form.reason ? { reason: form.reason } : {}) },
  });
  const decided = { decidedAt: now };
  const set: Record<string, unknown> = {
    assignment: plan.assignment,
    next: nextTimer(plan.timer, ticket),
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
    transition: 'reassign',
    ticketId,
    form,
    now,
    change: { set, events: [...extraEvents, plan.event], mails: [...plan.mails, ...notice] },
  });
}

/**
 * The next assignment of a ticket that had one (a reassignment, a reopening): the next number, a full
 * deadline from now, the new unit's link and e-mail, and an event that remembers the previous one.
 */
export function planNextAssignment(
  deps: ActionDeps,
  ticket: StoredTicket,
  next: { unitCode: string; now: Date; actor: Actor; eventData: Record<string, unknown> },
) {
  const previous = ticket.assignment!;
  return planAssignment(deps.domain, deps.config, {
    ticketId: ticket._id.toString(),
    category: ticket.category,
    priority: ticket.priority as Priority,
    no: previous.no + 1,
    unitCode: next.unitCode,
    informed: previous.informed.filter((code) => code !== next.unitCode),
    from: next.now,
    now: next.now,
    actor: next.actor,
    eventData: {
      ...next.eventData,
      previousAssignmentNo: previous.no,
      previousUnitCode: previous.unitCode,
      previousTokenHash: previous.tokenHash,
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
