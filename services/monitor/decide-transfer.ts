import { z } from 'zod';
import { AppError } from '../../shared/errors/app-error.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import { parseInput } from '../http/validate-input.js';
import { reassignTicket } from './reassign-ticket.js';
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

export const TransferDecisionSchema = ExpectedStateSchema.extend({
  decision: z.enum(['accept', 'refuse'], { error: 'Vui lòng chọn chấp thuận hoặc không chấp thuận.' }),
  unitCode: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^[A-Z0-9_]{2,16}$/)
      .optional(),
  ),
  note: FormText(0).optional(),
});

/**
 * The Office Chief decides a unit's "not ours" (không thuộc thẩm quyền). Accepted: the ticket is
 * reassigned to the chosen unit (the one the unit suggested unless another is picked). Refused: the
 * ticket goes back to `assigned` with the same unit, link and deadline (its timers never stopped),
 * and the unit is told why.
 */
export async function decideTransfer(
  deps: ActionDeps,
  staff: StaffPrincipal,
  ticket: StoredTicket,
  body: unknown,
): Promise<ActionOutcome> {
  const form = parseInput(TransferDecisionSchema, body);
  const repeat = checkExpected(deps.domain, ticket, form);
  if (repeat) return repeat;
  const request = ticket.transferRequest;
  if (ticket.status !== 'transfer_requested' || request?.decision !== 'pending' || !ticket.assignment) {
    throw new AppError(409, 'TRANSFER_NOT_PENDING');
  }
  if (form.decision === 'accept') {
    const unitCode = form.unitCode ?? request.suggestedUnit ?? '';
    if (!unitCode) {
      throw new AppError(400, 'VALIDATION_FAILED', {
        details: [{ path: 'unitCode', message: 'Vui lòng chọn đơn vị nhận phiếu.' }],
      });
    }
    return reassignTicket(deps, staff, ticket, { ...form, unitCode, reason: form.note });
  }

  const now = deps.clock();
  const assignment = ticket.assignment;
  const ticketId = ticket._id.toString();
  const note = form.note ? { note: form.note } : {};
  return applyGuardedChange(deps, {
    transition: 'refuseTransfer',
    ticketId,
    form,
    now,
    extraGuard: { 'transferRequest.decision': 'pending' },
    change: {
      set: { 'transferRequest.decision': 'refused', 'transferRequest.decidedAt': now },
      events: [
        {
          at: now,
          type: 'transfer_refused',
          actor: staffActor(staff),
          data: { formId: form.formId, assignmentNo: assignment.no, ...note },
        },
      ],
      mails: unitNotice(deps, {
        ticketId,
        unitCode: assignment.unitCode,
        key: `transfer-refused-${assignment.no}-${request.requestedAt?.getTime() ?? now.getTime()}`,
        kind: 'transfer_refused',
        now,
        data: note,
      }),
    },
  });
}
