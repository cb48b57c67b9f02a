import { addDays } from '../../shared/time/local-date.js';
import { localDateOf } from '../../shared/time/vietnam-time-zone.js';
import { AppError } from '../../shared/errors/app-error.js';
import { formatDeadlineVi } from '../../shared/time/format-vi.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import { parseInput } from '../http/validate-input.js';
import { ExtensionFormSchema } from './answer-forms.schema.js';
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

/** How far ahead a unit may ask for, in calendar days from today. */
export const MAX_EXTENSION_DAYS = 60;
const DAY_MS = 24 * 3600 * 1000;

function refuseIfExtensionPending(ticket: StoredTicket): void {
  if (ticket.extensionRequest?.decision === 'pending') throw new AppError(409, 'EXTENSION_ALREADY_REQUESTED');
}

function invalidDate(message: string): AppError {
  return new AppError(400, 'VALIDATION_FAILED', { details: [{ path: 'proposedDate', message }] });
}

/** The proposed deadline: the close of office hours on the chosen working day, checked against the limits. */
export function proposedDeadlineOf(
  deps: UnitActionDeps,
  linked: LinkedTicket,
  date: string,
  now: Date,
): Date {
  // Range first, calendar after: a far-future date would build (and cache) a calendar for its year.
  const today = localDateOf(now);
  if (date <= addDays(today, -1)) throw invalidDate(FIELD_MESSAGES_VI.notInFuture);
  if (date > addDays(today, MAX_EXTENSION_DAYS + 1))
    throw invalidDate(FIELD_MESSAGES_VI.tooFar(MAX_EXTENSION_DAYS));
  const intervals = deps.domain.calendars.forUnit(linked.assignment.unitCode).officeIntervalsOn(date);
  const closing = intervals.at(-1)?.end;
  if (!closing) throw invalidDate(FIELD_MESSAGES_VI.dayOff);
  if (closing.getTime() <= now.getTime()) throw invalidDate(FIELD_MESSAGES_VI.notInFuture);
  if (closing.getTime() <= linked.assignment.deadline.getTime()) {
    throw invalidDate(FIELD_MESSAGES_VI.notAfterDeadline(formatDeadlineVi(linked.assignment.deadline)));
  }
  if (closing.getTime() > now.getTime() + (MAX_EXTENSION_DAYS + 1) * DAY_MS) {
    throw invalidDate(FIELD_MESSAGES_VI.tooFar(MAX_EXTENSION_DAYS));
  }
  return closing;
}

/**
 * The unit asks for more time (xin gia hạn): the Office Chief decides. Until then the deadline does
 * not move and the timers keep running.
 */
export async function requestExtension(
  deps: UnitActionDeps,
  linked: LinkedTicket,
  body: unknown,
): Promise<ActionOutcome> {
  const form = parseInput(ExtensionFormSchema, body);
  const now = deps.clock();
  const proposedDeadline = proposedDeadlineOf(deps, linked, form.proposedDate, now);
  if (isRepeatOf(linked.ticket, form.formId, 'extension_requested')) return 'repeat';
  refuseIfAnswered(linked.ticket);
  refuseIfExtensionPending(linked.ticket);

  const requestedBy = personLabel(form.name, form.position);
  return recordRequestToOfficeChief(deps, linked, {
    type: 'extension_requested',
    transition: 'requestExtension',
    formId: form.formId,
    personName: form.name,
    now,
    extraGuard: { 'extensionRequest.decision': { $ne: 'pending' } },
    set: {
      extensionRequest: {
        reason: form.reason,
        proposedDeadline,
        requestedAt: now,
        requestedBy,
        decision: 'pending',
      },
    },
    eventData: { proposedDeadline },
    mailKey: `extension-${linked.assignment.no}-${form.formId}`,
    mailData: { reason: form.reason, proposedDeadline, requestedBy },
    refuse: refuseIfExtensionPending,
  });
}
