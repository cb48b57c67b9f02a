import { mailDomainOf, outboxMail } from '../../shared/mail/outbox.js';
import { enqueueMail } from '../../shared/queue/enqueue.js';
import { enqueueWebhook } from '../../shared/webhook/enqueue-webhook.js';
import { parseInput } from '../http/validate-input.js';
import { AnswerFormSchema } from './answer-forms.schema.js';
import { isRepeatOf } from '../../shared/tickets/lifecycle.js';
import { applyTransition } from '../../shared/tickets/repository/ticket-transitions.js';
import { checkAttachments } from './attachment-check.js';
import { removeAttachments, storeAttachments } from './attachment-store.js';
import type { ReceivedFile } from './attachment-upload.js';
import type { LinkedTicket } from './resolve-answer-link.js';
import {
  explainLostRace,
  refuseIfAnswered,
  unitActor,
  type ActionOutcome,
  type UnitActionDeps,
} from './unit-action.js';

/**
 * The unit answers: the answer, its files and the e-mail to the operators are recorded in one
 * guarded update, so of two people answering at once exactly one is kept. Pending deadline jobs
 * find the ticket answered and do nothing; the switchboard is told through a retried webhook.
 */
export async function submitAnswer(
  deps: UnitActionDeps,
  linked: LinkedTicket,
  body: unknown,
  files: ReceivedFile[],
): Promise<ActionOutcome> {
  const form = parseInput(AnswerFormSchema, body);
  const attachments = checkAttachments(files);
  if (isRepeatOf(linked.ticket, form.formId, 'answered')) return 'repeat';
  refuseIfAnswered(linked.ticket);

  const { ticketId, assignment } = linked;
  const stored = await storeAttachments(deps.config.DATA_DIR, ticketId, attachments);
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
  const result = await applyTransition(
    'answer',
    { ticketId, assignmentNo: assignment.no, tokenHash: linked.tokenHash },
    {
      set: {
        answer: {
          text: form.text,
          responderName: form.name,
          responderPosition: form.position,
          answeredAt: now,
          assignmentNo: assignment.no,
          unitCode: assignment.unitCode,
          onTime,
          attachments: stored,
        },
        next: null,
        ...(webhookOwed ? { webhookPending: true } : {}),
      },
      events: [
        {
          at: now,
          type: 'answered',
          actor: unitActor(linked, form.name),
          data: { assignmentNo: assignment.no, formId: form.formId, onTime, attachments: stored.length },
        },
      ],
      mails: [mail],
    },
  );
  if (result.outcome === 'lost_race') {
    await removeAttachments(deps.config.DATA_DIR, ticketId, stored);
    return explainLostRace(linked, 'answered', form.formId, () => undefined);
  }
  // Redis being down loses nothing: the outbox entry and `webhookPending` are in MongoDB for the sweeper.
  await enqueueMail(deps.queues, ticketId, mail.key, mail.notBefore, { now });
  if (webhookOwed) await enqueueWebhook(deps.queues, ticketId);
  return 'done';
}
