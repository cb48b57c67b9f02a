import { z } from 'zod';
import { planSupports } from '../../shared/co-handling/plan-supports.js';
import { AppError } from '../../shared/errors/app-error.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import { currentSupports, type SupportRecord } from '../../shared/tickets/co-handling.js';
import { canStartFrom } from '../../shared/tickets/lifecycle.js';
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

/** At most this many supporting units at once under one lead assignment. */
export const MAX_SUPPORTS = 5;

const UNIT_CODE = z.string().regex(/^[A-Z0-9_]{2,16}$/, 'Vui lòng chọn đơn vị phối hợp.');

export const SupportFormSchema = ExpectedStateSchema.extend({
  // One checkbox ticked arrives as a string, several as an array.
  unitCodes: z
    .union(
      [UNIT_CODE, z.array(UNIT_CODE).max(MAX_SUPPORTS, `Chọn tối đa ${MAX_SUPPORTS} đơn vị phối hợp.`)],
      {
        error: 'Vui lòng chọn ít nhất một đơn vị phối hợp.',
      },
    )
    .transform((value) => [...new Set(Array.isArray(value) ? value : [value])]),
  note: FormText(0).optional(),
});

function refuseUnits(ticket: StoredTicket, deps: ActionDeps, unitCodes: string[]): void {
  const already = new Set(
    currentSupports(ticket as unknown as { status: string; supports: SupportRecord[] }).map(
      (s) => s.unitCode,
    ),
  );
  const problem = unitCodes
    .map((code) =>
      !deps.domain.unit(code)
        ? 'Không có đơn vị với mã này.'
        : code === ticket.assignment?.unitCode
          ? 'Đơn vị chủ trì không thể đồng thời là đơn vị phối hợp.'
          : already.has(code)
            ? `${deps.domain.unit(code)!.name} đã được mời phối hợp.`
            : undefined,
    )
    .find(Boolean);
  if (problem)
    throw new AppError(400, 'VALIDATION_FAILED', { details: [{ path: 'unitCodes', message: problem }] });
  if (already.size + unitCodes.length > MAX_SUPPORTS)
    throw new AppError(400, 'VALIDATION_FAILED', {
      details: [{ path: 'unitCodes', message: `Mỗi phiếu có tối đa ${MAX_SUPPORTS} đơn vị phối hợp.` }],
    });
}

/**
 * The Office Chief names supporting units (co-handling): each gets its own link, an input deadline
 * earlier than the lead's, its own timers and an e-mail, in one update guarded by the state the page
 * showed and by the next support number still being free (two forms at once cannot both add).
 */
export async function requestSupport(
  deps: ActionDeps,
  staff: StaffPrincipal,
  ticket: StoredTicket,
  body: unknown,
): Promise<ActionOutcome> {
  const form = parseInput(SupportFormSchema, body);
  const repeat = checkExpected(deps.domain, ticket, form);
  if (repeat) return repeat;
  if (!canStartFrom('requestSupport', ticket.status) || !ticket.assignment || ticket.assignment.revokedAt)
    throw new AppError(409, 'SUPPORT_NOT_POSSIBLE');
  refuseUnits(ticket, deps, form.unitCodes);
  const now = deps.clock();
  const plan = planSupports(
    deps.domain,
    deps.config,
    { ...ticket, assignment: ticket.assignment },
    {
      unitCodes: form.unitCodes,
      ...(form.note ? { note: form.note } : {}),
      now,
      actor: staffActor(staff),
      formId: form.formId,
    },
  );
  return applyGuardedChange(deps, {
    transition: 'requestSupport',
    ticketId: ticket._id.toString(),
    form,
    now,
    extraGuard: { 'supports.no': { $ne: plan.supports[0]!.no } },
    // Several units make the ticket complex (processing level 3) in the switchboard's reports.
    change: {
      set: { processingLevel: 3 },
      events: plan.events,
      mails: plan.mails,
      push: { supports: plan.supports },
    },
  });
}
