import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../../shared/answering/attachment-check.js';
import type { LinkedSupport } from '../../shared/co-handling/resolve-support-link.js';
import { identityView, textForViewer } from '../../shared/privacy/identity-view.js';
import { describeTimeLeftVi } from '../../shared/time/format-vi.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';
import { ANSWER_TEXT_MAX } from './answer-forms.schema.js';
import type { FormProblem } from './answer-page.js';

/** What the page says once the input went through (`?done=input`). */
export const SUPPORT_DONE_VI =
  'Đã ghi nhận ý kiến phối hợp của đơn vị và báo cho đơn vị chủ trì. Xin cảm ơn!';

/** Everything a supporting unit's page shows (co-handling); the template only lays it out. */
export function supportPageModel(
  domain: TicketDomain,
  linked: LinkedSupport,
  options: {
    token: string;
    now: Date;
    csrf: string;
    formId: string;
    done?: boolean;
    alert?: string;
    problem?: FormProblem;
  },
): Record<string, unknown> {
  const { ticket, support } = linked;
  const identity = identityView(ticket, undefined, domain.privacy);
  const calendar = domain.calendars.forUnit(support.unitCode);
  const lead = ticket.assignment!;
  const input = support.submittedAt ? support.input : undefined;
  return {
    basePath: `/answer/support/${options.token}`,
    ticket: {
      code: ticket.code,
      urgent: ticket.priority === 'urgent',
      receivedAt: ticket.receivedAt,
      categoryName: domain.categoryName(ticket.category),
      subject: textForViewer(ticket.subject, ticket, identity),
      content: textForViewer(ticket.content, ticket, identity),
      anonymous: !identity.shown && identity.reason === 'anonymous',
      withheld: !identity.shown && identity.reason === 'confidential' ? identity.label : undefined,
      citizenName: identity.shown ? identity.name : undefined,
    },
    unitName: domain.unit(support.unitCode)?.name ?? support.unitCode,
    leadUnitName: domain.unit(lead.unitCode)?.name ?? lead.unitCode,
    leadDeadline: lead.deadline,
    deadline: support.deadline,
    timeLeft: input ? undefined : describeTimeLeftVi(options.now, support.deadline, calendar),
    late: options.now.getTime() > support.deadline.getTime(),
    note: support.note ?? undefined,
    requestedBy: support.requestedBy?.name ?? undefined,
    requestedAt: support.requestedAt,
    input: input && {
      text: input.text,
      responderName: input.responderName,
      responderPosition: input.responderPosition,
      submittedAt: support.submittedAt,
      onTime: input.onTime,
      files: (input.attachments ?? []).map((file) => file.filename),
    },
    csrf: options.csrf,
    formId: options.formId,
    done: options.done ? SUPPORT_DONE_VI : undefined,
    alert: options.alert,
    problem: options.problem,
    values: options.problem?.values ?? {},
    limits: {
      text: ANSWER_TEXT_MAX,
      attachments: MAX_ATTACHMENTS,
      attachmentMb: MAX_ATTACHMENT_BYTES / 1024 / 1024,
    },
  };
}
