import { AppError } from '../../shared/errors/app-error.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import { parseInput } from '../http/validate-input.js';
import { TransferFormSchema } from './answer-forms.schema.js';
import { FIELD_MESSAGES_VI } from './answer-messages-vi.js';
import type { LinkedTicket } from '../../shared/answering/resolve-answer-link.js';
import { isRepeatOf } from '../../shared/tickets/lifecycle.js';
import {
  personLabel,
  recordRequestToOfficeChief,
  refuseIfAnswered,
  type ActionOutcome,
  type UnitActionDeps,
} from '../../shared/answering/unit-action.js';

function refuseIfTransferPending(ticket: StoredTicket): void {
  if (ticket.status === 'transfer_requested') throw new AppError(409, 'TRANSFER_ALREADY_REQUESTED');
}

/**
 * The unit says "not ours" (không thuộc thẩm quyền): the Office Chief (Chánh Văn phòng Sở) is asked
 * to reassign. The deadline and its timers keep running until a decision, so `next` is left alone.
 */
export async function requestTransfer(
  deps: UnitActionDeps,
  linked: LinkedTicket,
  body: unknown,
): Promise<ActionOutcome> {
  const form = parseInput(TransferFormSchema, body);
  const { assignment } = linked;
  if (
    form.suggestedUnit &&
    (!deps.domain.unit(form.suggestedUnit) || form.suggestedUnit === assignment.unitCode)
  ) {
    throw new AppError(400, 'VALIDATION_FAILED', {
      details: [{ path: 'suggestedUnit', message: FIELD_MESSAGES_VI.unknownUnit }],
    });
  }
  if (isRepeatOf(linked.ticket, form.formId, 'transfer_requested')) return 'repeat';
  refuseIfAnswered(linked.ticket);
  refuseIfTransferPending(linked.ticket);

  const now = deps.clock();
  const requestedBy = personLabel(form.name, form.position);
  return recordRequestToOfficeChief(deps, linked, {
    type: 'transfer_requested',
    transition: 'requestTransfer',
    formId: form.formId,
    personName: form.name,
    now,
    set: {
      transferRequest: {
        reason: form.reason,
        suggestedUnit: form.suggestedUnit,
        requestedAt: now,
        requestedBy,
        decision: 'pending',
      },
    },
    eventData: { suggestedUnit: form.suggestedUnit },
    mailKey: `transfer-${assignment.no}-${form.formId}`,
    mailData: {
      reason: form.reason,
      suggestedUnit: form.suggestedUnit,
      suggestedUnitName: form.suggestedUnit ? deps.domain.unit(form.suggestedUnit)?.name : undefined,
      requestedBy,
    },
    refuse: refuseIfTransferPending,
  });
}
