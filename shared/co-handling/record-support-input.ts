import type { CheckedAttachment } from '../answering/attachment-check.js';
import { deleteAttachments, saveAttachments } from '../answering/attachment-store.js';
import type { ActionOutcome, UnitActionDeps } from '../answering/unit-action.js';
import { AppError } from '../errors/app-error.js';
import { mailDomainOf, outboxMail } from '../mail/outbox.js';
import { enqueueMail } from '../queue/enqueue.js';
import { supportIsOpen } from '../tickets/co-handling.js';
import { findTicketById } from '../tickets/repository/ticket-repository.js';
import { applyTransition } from '../tickets/repository/ticket-transitions.js';
import { supportsOf, type LinkedSupport } from './resolve-support-link.js';

/** A supporting unit's input, validated by its page's form. */
export interface SupportInput {
  text: string;
  responderName: string;
  responderPosition: string;
  formId: string;
}

/**
 * A supporting unit sends its input: the text, its files, the end of its timers and the e-mail to
 * the lead unit (with the lead's own answer link, where the input now shows) in one update guarded
 * by "this support has sent nothing yet, under the same lead assignment": of two submissions at
 * once exactly one is kept; the other is told (or, for the same form, recognised as a repeat).
 */
export async function recordSupportInput(
  deps: UnitActionDeps,
  linked: LinkedSupport,
  input: SupportInput,
  attachments: CheckedAttachment[],
): Promise<ActionOutcome> {
  const { ticketId, support, ticket } = linked;
  if (support.submittedAt) {
    if (support.input?.formId === input.formId) return 'repeat';
    throw new AppError(409, 'SUPPORT_INPUT_ALREADY_SENT');
  }
  const stored = await saveAttachments(ticketId, attachments);
  const now = deps.clock();
  const onTime = now.getTime() <= support.deadline.getTime();
  const lead = ticket.assignment!;
  const leadUnit = deps.domain.unit(lead.unitCode);
  const mails = leadUnit
    ? [
        outboxMail({
          ticketId,
          key: `support-input-${support.no}`,
          kind: 'support_input_received',
          to: [leadUnit.email],
          now,
          mailDomain: mailDomainOf(deps.config.PUBLIC_BASE_URL),
          data: { assignmentNo: lead.no, supportNo: support.no },
        }),
      ]
    : [];
  const result = await applyTransition(
    'submitSupportInput',
    {
      ticketId,
      assignmentNo: support.assignmentNo,
      extra: {
        'assignment.revokedAt': null,
        supports: { $elemMatch: { no: support.no, tokenHash: linked.tokenHash, submittedAt: null } },
      },
    },
    {
      set: {
        'supports.$.submittedAt': now,
        'supports.$.next': null,
        'supports.$.pausedNext': null,
        'supports.$.input': {
          text: input.text,
          responderName: input.responderName,
          responderPosition: input.responderPosition,
          onTime,
          formId: input.formId,
          attachments: stored,
        },
      },
      events: [
        {
          at: now,
          type: 'support_input_submitted',
          actor: { kind: 'unit', id: support.unitCode, name: input.responderName },
          data: {
            supportNo: support.no,
            unitCode: support.unitCode,
            assignmentNo: support.assignmentNo,
            formId: input.formId,
            onTime,
            attachments: stored.length,
          },
        },
      ],
      mails,
    },
  );
  if (result.outcome === 'lost_race') {
    await deleteAttachments(ticketId, stored);
    return explainLostSupportRace(linked, input.formId);
  }
  for (const mail of mails) await enqueueMail(deps.queues, ticketId, mail.key, mail.notBefore, { now });
  return 'done';
}

async function explainLostSupportRace(linked: LinkedSupport, formId: string): Promise<ActionOutcome> {
  const current = await findTicketById(linked.ticketId);
  const support = current ? supportsOf(current).find((item) => item.no === linked.support.no) : undefined;
  if (!current || !support) throw new AppError(404, 'LINK_NOT_FOUND');
  if (support.submittedAt) {
    if (support.input?.formId === formId) return 'repeat';
    throw new AppError(409, 'SUPPORT_INPUT_ALREADY_SENT');
  }
  if (!supportIsOpen(current, support)) throw new AppError(410, 'SUPPORT_LINK_WITHDRAWN');
  throw new AppError(409, 'CONFLICT');
}
