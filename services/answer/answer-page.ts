import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { describeTimeLeftVi } from '../../shared/time/format-vi.js';
import { addDays } from '../../shared/time/local-date.js';
import { localDateOf } from '../../shared/time/vietnam-time-zone.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';
import { unitOwesAnswer } from '../../shared/tickets/lifecycle.js';
import { ANSWER_TEXT_MAX, REASON_MAX } from './answer-forms.schema.js';
import { DONE_NOTICES_VI, type DoneNotice } from './answer-messages-vi.js';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../../shared/answering/attachment-check.js';
import { MAX_EXTENSION_DAYS } from './request-extension.js';
import type { LinkedTicket } from '../../shared/answering/resolve-answer-link.js';
import { identityView, textForViewer } from '../../shared/privacy/identity-view.js';
import { supportInputsModel } from './support-inputs.js';
import { previousAnswersWithUnit } from '../../shared/tickets/previous-answers.js';

/** `input`: a supporting unit's page (co-handling, support-page.ts). */
export type FormName = 'answer' | 'transfer' | 'extension' | 'citizen' | 'input';

/** A form that came back with problems: its field messages, a general message, and what was typed. */
export interface FormProblem {
  form: FormName;
  fields: Record<string, string>;
  message?: string;
  values: Record<string, unknown>;
}

const UNIT_STATUS_LABELS_VI: Record<string, string> = {
  assigned: 'Đang chờ đơn vị trả lời',
  transfer_requested: 'Đã đề nghị chuyển đơn vị khác, đang chờ quyết định',
  waiting_citizen: 'Đang chờ người phản ánh bổ sung thông tin (thời hạn tạm dừng)',
  answered: 'Đơn vị đã trả lời',
  closed: 'Đã hoàn tất',
};

function displayPhone(phone: string | null | undefined): { text: string; href: string } | undefined {
  if (!phone) return undefined;
  const parsed = parsePhoneNumberFromString(phone, 'VN');
  return { text: parsed?.formatNational() ?? phone, href: `tel:${parsed?.number ?? phone}` };
}

function sizeVi(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Everything the ticket page shows a unit; the template only lays it out. */
export function answerPageModel(
  domain: TicketDomain,
  linked: LinkedTicket,
  options: {
    token: string;
    now: Date;
    csrf: string;
    formId: string;
    done?: DoneNotice;
    alert?: string;
    problem?: FormProblem;
  },
): Record<string, unknown> {
  const { ticket, assignment } = linked;
  const basePath = `/answer/${options.token}`;
  const calendar = domain.calendars.forUnit(assignment.unitCode);
  const open = unitOwesAnswer(ticket);
  // The unit holds a link, not a role: a confidential complainant is withheld from it.
  const identity = identityView(ticket, undefined, domain.privacy);
  const location = [ticket.location?.address, ticket.location?.commune].filter(Boolean).join(', ');
  const answer = ticket.answer?.answeredAt ? ticket.answer : undefined;
  const transfer = ticket.transferRequest?.decision === 'pending' ? ticket.transferRequest : undefined;
  const extension = ticket.extensionRequest?.decision === 'pending' ? ticket.extensionRequest : undefined;
  const today = localDateOf(options.now);
  const citizenRequest = ticket.citizenRequest?.requestedAt ? ticket.citizenRequest : undefined;
  const waitingCitizen = ticket.status === 'waiting_citizen';
  return {
    basePath,
    ticket: {
      code: ticket.code,
      urgent: ticket.priority === 'urgent',
      receivedAt: ticket.receivedAt,
      categoryName: domain.categoryName(ticket.category),
      subject: textForViewer(ticket.subject, ticket, identity),
      content: textForViewer(ticket.content, ticket, identity),
      location,
      anonymous: !identity.shown && identity.reason === 'anonymous',
      withheld: !identity.shown && identity.reason === 'confidential' ? identity.label : undefined,
      citizenName: identity.shown ? identity.name : undefined,
      citizenPhone: identity.shown ? displayPhone(identity.phone) : undefined,
      statusLabel: UNIT_STATUS_LABELS_VI[ticket.status] ?? ticket.status,
    },
    unitName: domain.unit(assignment.unitCode)?.name ?? assignment.unitCode,
    deadline: assignment.deadline,
    timeLeft: open ? describeTimeLeftVi(options.now, assignment.deadline, calendar) : undefined,
    paused: waitingCitizen,
    late: options.now.getTime() > assignment.deadline.getTime(),
    answer: answer && {
      text: answer.text,
      responderName: answer.responderName,
      responderPosition: answer.responderPosition,
      answeredAt: answer.answeredAt,
      onTime: answer.onTime,
      // Answered by replying to the e-mail (issue 20): the page says so, with the address it came from.
      byEmailFrom: answer.via === 'email' ? (answer.email?.from ?? '') : undefined,
      attachments: (answer.attachments ?? []).map((file) => ({
        filename: file.filename,
        size: sizeVi(file.size ?? 0),
        href: `${basePath}/attachments/${file.id}`,
      })),
    },
    transfer: transfer && {
      reason: transfer.reason,
      suggestedUnitName: transfer.suggestedUnit
        ? (domain.unit(transfer.suggestedUnit)?.name ?? transfer.suggestedUnit)
        : undefined,
      requestedAt: transfer.requestedAt,
      requestedBy: transfer.requestedBy,
    },
    extension: extension && {
      reason: extension.reason,
      proposedDeadline: extension.proposedDeadline,
      requestedAt: extension.requestedAt,
      requestedBy: extension.requestedBy,
    },
    // The unit's question to the citizen, and what the citizen added once the operator recorded it.
    citizenRequest: citizenRequest && {
      waiting: waitingCitizen,
      question: citizenRequest.question,
      requestedAt: citizenRequest.requestedAt,
      requestedBy: citizenRequest.requestedBy,
      reply: citizenRequest.repliedAt ? citizenRequest.reply : undefined,
      repliedAt: citizenRequest.repliedAt,
    },
    // Co-handling: the supporting units asked under this assignment, and what each one sent.
    supports: supportInputsModel(domain, ticket, basePath),
    // Answers given before the ticket was reopened after an unsatisfied call-back, kept for the unit.
    previousAnswers: previousAnswersWithUnit(ticket, (code) => domain.unit(code)?.name),
    reopenReason: (() => {
      const reopened = [...(ticket.events ?? [])].reverse().find((event) => event.type === 'reopened');
      const reason = (reopened?.data as { reason?: unknown } | undefined)?.reason;
      return typeof reason === 'string' ? reason : undefined;
    })(),
    actions: {
      answer: open,
      transfer: ticket.status === 'assigned',
      extension: open && !extension,
      citizen: ticket.status === 'assigned',
    },
    units: domain.table.units
      .filter((unit) => unit.code !== assignment.unitCode)
      .map((unit) => ({ code: unit.code, name: unit.name })),
    csrf: options.csrf,
    formId: options.formId,
    done: options.done ? DONE_NOTICES_VI[options.done] : undefined,
    alert: options.alert,
    problem: options.problem,
    values: options.problem?.values ?? {},
    limits: {
      answerText: ANSWER_TEXT_MAX,
      reason: REASON_MAX,
      attachments: MAX_ATTACHMENTS,
      attachmentMb: MAX_ATTACHMENT_BYTES / 1024 / 1024,
      extensionDays: MAX_EXTENSION_DAYS,
    },
    extensionDateMin: addDays(localDateOf(assignment.deadline), 1),
    extensionDateMax: addDays(today, MAX_EXTENSION_DAYS),
  };
}
