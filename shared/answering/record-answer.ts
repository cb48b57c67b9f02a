import { mailDomainOf, outboxMail } from '../mail/outbox.js';
import { citizenNotices } from '../notices/citizen-notices.js';
import { enqueueMail } from '../queue/enqueue.js';
import { isRepeatOf } from '../tickets/lifecycle.js';
import { applyTransition } from '../tickets/repository/ticket-transitions.js';
import { enqueueWebhook } from '../webhook/enqueue-webhook.js';
import type { CheckedAttachment } from './attachment-check.js';
import { deleteAttachments, saveAttachments } from './attachment-store.js';
import type { LinkedTicket } from './resolve-answer-link.js';
import {
  explainLostRace,
  refuseIfAnswered,
  unitActor,
  type ActionOutcome,
  type UnitActionDeps,
} from './unit-action.js';

/** Longest answer text, in characters, whichever door it came through (the page says the same). */
export const ANSWER_TEXT_MAX = 8000;

/** A unit's answer, already validated by its door (the answer page's form, or a reply e-mail). */
export interface UnitAnswer {
  text: string;
  responderName: string;
  responderPosition: string;
  /** Identifies this submission: a repeat of it (double click, a mail seen twice) is recognised, not refused. */
  formId: string;
}

/**
 * The unit answers: the answer, its files and the e-mail to the operators are recorded in one
 * guarded update, so of two people answering at once exactly one is kept. Pending deadline jobs
 * find the ticket answered and do nothing; the switchboard is told through a retried webhook.
 * `extra` adds door-specific facts to the answer (an e-mailed answer keeps its original message).
 */
export async function recordAnswer(
  deps: UnitActionDeps,
  linked: LinkedTicket,
  answer: UnitAnswer,
  attachments: CheckedAttachment[],
  extra: { answer?: Record<string, unknown>; event?: Record<string, unknown> } = {},
): Promise<ActionOutcome> {
  if (isRepeatOf(linked.ticket, answer.formId, 'answered')) return 'repeat';
  refuseIfAnswered(linked.ticket);

  const { ticketId, assignment } = linked;
  const stored = await saveAttachments(ticketId, attachments);
  const now = deps.clock();
  const onTime = now.getTime() <= assignment.deadline.getTime();
  const webhookOwed = Boolean(deps.config.SWITCHBOARD_WEBHOOK_URL && deps.config.SWITCHBOARD_WEBHOOK_SECRET);
  const mail = outboxMail({
    ticketId,
    key: `answered-${assignment.no}`,
    kind: 'answered',
    to: [deps.config.OPERATORS_EMAIL],
    now,
    mailDomain: mailDomainOf(deps.config.PUBLIC_BASE_URL),
    data: { assignmentNo: assignment.no },
  });
  // The citizen is told the answer is ready; the operator still calls back with it.
  const notices = citizenNotices({
    ticketId,
    ticket: linked.ticket,
    kind: 'notice_answer_ready',
    keyStem: `notice-answer-${assignment.no}`,
    now,
    config: deps.config,
    calendar: deps.domain.calendars.standard,
  });
  const result = await applyTransition(
    'answer',
    { ticketId, assignmentNo: assignment.no, tokenHash: linked.tokenHash },
    {
      set: {
        answer: {
          text: answer.text,
          responderName: answer.responderName,
          responderPosition: answer.responderPosition,
          answeredAt: now,
          assignmentNo: assignment.no,
          unitCode: assignment.unitCode,
          onTime,
          attachments: stored,
          ...extra.answer,
        },
        next: null,
        ...(webhookOwed ? { webhookPending: true } : {}),
      },
      events: [
        {
          at: now,
          type: 'answered',
          actor: unitActor(linked, answer.responderName),
          data: {
            assignmentNo: assignment.no,
            formId: answer.formId,
            onTime,
            attachments: stored.length,
            ...extra.event,
          },
        },
      ],
      mails: [mail, ...notices],
    },
  );
  if (result.outcome === 'lost_race') {
    await deleteAttachments(ticketId, stored);
    return explainLostRace(linked, 'answered', answer.formId, () => undefined);
  }
  // Redis being down loses nothing: the outbox entry and `webhookPending` are in MongoDB for the sweeper.
  for (const owed of [mail, ...notices])
    await enqueueMail(deps.queues, ticketId, owed.key, owed.notBefore, { now });
  if (webhookOwed) await enqueueWebhook(deps.queues, ticketId);
  return 'done';
}
