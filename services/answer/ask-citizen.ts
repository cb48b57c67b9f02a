import { AppError } from '../../shared/errors/app-error.js';
import { citizenUnreachableAt } from '../../shared/deadlines/timer-plan.js';
import { mailDomainOf, outboxMail } from '../../shared/mail/outbox.js';
import { citizenNotices } from '../../shared/notices/citizen-notices.js';
import { enqueueFollowUps } from '../../shared/tickets/follow-ups.js';
import { isRepeatOf, nextTimer } from '../../shared/tickets/lifecycle.js';
import { pauseSupports } from '../../shared/co-handling/support-pause.js';
import { findTicketById, type StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import { applyTransition } from '../../shared/tickets/repository/ticket-transitions.js';
import type { LinkedTicket } from '../../shared/answering/resolve-answer-link.js';
import {
  explainLostRace,
  personLabel,
  refuseIfAnswered,
  unitActor,
  type ActionOutcome,
  type UnitActionDeps,
} from '../../shared/answering/unit-action.js';
import { parseInput } from '../http/validate-input.js';
import { CitizenInfoFormSchema } from './answer-forms.schema.js';

function refuseUnlessAssigned(ticket: StoredTicket): void {
  if (ticket.status === 'waiting_citizen') throw new AppError(409, 'CITIZEN_INFO_ALREADY_REQUESTED');
  if (ticket.status !== 'assigned') throw new AppError(409, 'CONFLICT');
}

/**
 * The unit needs more information from the citizen (đề nghị bổ sung thông tin): its question, in its
 * words, goes to the operators, who call the citizen. Until they record the reply the deadline is
 * paused: the unit's pending timer (reminder or escalation) is set aside in the ticket, and the only
 * timer owed is "citizen unreachable" after the configured span. Every supporting unit still owing
 * its input pauses too (its timer set aside). One guarded update, as always.
 */
export async function askCitizen(
  deps: UnitActionDeps,
  linked: LinkedTicket,
  body: unknown,
): Promise<ActionOutcome> {
  const form = parseInput(CitizenInfoFormSchema, body);
  if (isRepeatOf(linked.ticket, form.formId, 'citizen_info_requested')) return 'repeat';
  refuseIfAnswered(linked.ticket);
  refuseUnlessAssigned(linked.ticket);

  const { ticket, ticketId, assignment } = linked;
  const now = deps.clock();
  const requestedBy = personLabel(form.name, form.position);
  const dueAt = citizenUnreachableAt(deps.domain.policy, deps.domain.calendars.standard, now);
  const mail = outboxMail({
    ticketId,
    key: `citizen-info-requested-${assignment.no}-${form.formId}`,
    kind: 'citizen_info_requested',
    to: [deps.config.OPERATORS_EMAIL],
    now,
    mailDomain: mailDomainOf(deps.config.PUBLIC_BASE_URL),
    // The operators' copy never carries the unit's answer link (mail-context knows this kind).
    data: { assignmentNo: assignment.no, question: form.question, requestedBy, unreachableAt: dueAt },
  });
  // The citizen is told too (without the unit's words: the operator asks them by phone).
  const notices = citizenNotices({
    ticketId,
    ticket,
    kind: 'notice_info_needed',
    keyStem: `notice-info-${assignment.no}-${form.formId}`,
    now,
    config: deps.config,
    calendar: deps.domain.calendars.standard,
  });
  // The lead's timer is set aside as it is in `seen`, guarded by its seq: a reminder that fires
  // meanwhile must not be set aside after it was sent (and sent again after the reply). Supporting
  // units' timers pause with the lead's, in the same update (shared/co-handling/support-pause.ts).
  const transition = (seen: StoredTicket) => {
    const supports = pauseSupports(seen);
    const paused =
      seen.next && seen.next.action !== 'route' && seen.next.action !== 'citizen_unreachable'
        ? seen.next
        : null;
    return applyTransition(
      'askCitizen',
      {
        ticketId,
        assignmentNo: assignment.no,
        tokenHash: linked.tokenHash,
        ...(seen.next ? { nextSeq: seen.next.seq } : {}),
        extra: supports.guard,
      },
      {
        set: {
          citizenRequest: {
            question: form.question,
            requestedAt: now,
            requestedBy,
            assignmentNo: assignment.no,
            pausedNext: paused,
          },
          next: nextTimer({ action: 'citizen_unreachable', dueAt, assignmentNo: assignment.no }, seen),
          ...supports.set,
        },
        events: [
          {
            at: now,
            type: 'citizen_info_requested',
            actor: unitActor(linked, form.name),
            data: {
              assignmentNo: assignment.no,
              formId: form.formId,
              text: form.question,
              unreachableAt: dueAt,
            },
          },
        ],
        mails: [mail, ...notices],
      },
    );
  };
  let result = await transition(ticket);
  if (result.outcome === 'lost_race') {
    // A timer may have fired (the lead's or a supporting unit's) or an input arrived since the page
    // was read: with the ticket as it is now, the same request once more, if it is still the
    // unit's to make.
    const current = await findTicketById(ticketId);
    if (
      current &&
      current.status === 'assigned' &&
      current.assignment?.no === assignment.no &&
      !isRepeatOf(current, form.formId, 'citizen_info_requested')
    )
      result = await transition(current);
  }
  if (result.outcome === 'lost_race')
    return explainLostRace(linked, 'citizen_info_requested', form.formId, refuseUnlessAssigned);
  await enqueueFollowUps(deps.queues, result.ticket, now);
  return 'done';
}
