import type { Config } from '../../config/env.js';
import type { Official } from '../../config/sla-policy.js';
import { describeTimeLeftVi } from '../time/format-vi.js';
import { answerLinkToken, answerLinkUrl } from '../security/answer-link.js';
import type { TicketDomain } from '../tickets/ticket-domain.js';
import { CONFIDENTIAL_IDENTITY_VI, identityView } from '../privacy/identity-view.js';
import { maskIdentityInText } from '../privacy/anonymise.js';
import { supportMailContext, type SupportMailTicket } from './support-mail-context.js';

/** The ticket fields templates read (a lean document). */
export interface MailTicket {
  _id: { toString(): string };
  code: string;
  receivedAt: Date;
  category: string;
  subject: string;
  content: string;
  priority: string;
  citizen?: {
    name?: string | null;
    phone?: string | null;
    email?: string | null;
    anonymous?: boolean | null;
  } | null;
  confidential?: boolean | null;
  location?: unknown;
  assignment?: { no: number; unitCode: string; deadline: Date; tokenSalt: string } | null;
  events?: Array<{ at: Date; type: string; data?: unknown }>;
  supports?: SupportMailTicket['supports'];
}

const EVENT_LABELS: Record<string, string> = {
  reminder_sent: 'Nhắc hạn trước thời hạn trả lời',
  escalated: 'Báo cáo quá hạn',
};

/** The notice to units informed of a ticket they do not handle. */
export const INFORMED_NOTICE_KIND = 'assign_informed';

/** Kinds that go to people other than the handling unit: they never carry its answer link. */
const KINDS_WITHOUT_ANSWER_LINK = new Set([
  INFORMED_NOTICE_KIND,
  'citizen_info_requested',
  'call_back_unsatisfied',
  // The destination outside the Department: the ticket is closed here, it answers by its own channels.
  'forwarded_outside',
  // A supporting unit's e-mails carry its own link instead (support-mail-context.ts).
  'support_assign',
  'support_remind',
  'support_overdue',
  'support_escalate',
]);

/** The values every mail template may use; the answer link is re-derived, never stored. */
export function buildMailContext(
  domain: TicketDomain,
  config: Pick<Config, 'LINK_SECRET' | 'PUBLIC_BASE_URL'>,
  ticket: MailTicket,
  mail: { kind: string; data?: unknown },
  now: Date,
): Record<string, unknown> {
  const assignment = ticket.assignment ?? undefined;
  const unit = assignment ? domain.unit(assignment.unitCode) : undefined;
  const calendar = domain.calendars.forUnit(assignment?.unitCode ?? '');
  const data = (mail.data ?? {}) as Record<string, unknown>;
  const officials = (data.officials as Official[] | undefined) ?? [];
  const ticketId = ticket._id.toString();
  const mayLink = !KINDS_WITHOUT_ANSWER_LINK.has(mail.kind);
  // No e-mail carries a confidential complainant's identity (it travels through mailboxes and is
  // forwarded): its readers are not a role. Removed here, not only in a template; phone numbers and
  // the name in the ticket's own text are masked as well.
  const identity =
    data.hideCitizen === true
      ? ({ shown: false, reason: 'confidential', label: CONFIDENTIAL_IDENTITY_VI } as const)
      : identityView(ticket, undefined, domain.privacy);
  const withheld = !identity.shown && identity.reason === 'confidential';
  const known = { name: ticket.citizen?.name, email: ticket.citizen?.email };
  const context = {
    ticket: withheld
      ? {
          ...ticket,
          citizen: undefined,
          subject: maskIdentityInText(ticket.subject, known),
          content: maskIdentityInText(ticket.content, known),
        }
      : { ...ticket, citizen: undefined },
    citizen: identity,
    unit,
    categoryName: domain.categoryName(ticket.category),
    deadline: assignment?.deadline,
    department: domain.table.department,
    lateness: assignment ? describeTimeLeftVi(now, assignment.deadline, calendar) : '',
    level: data.level,
    escalatedTo: officials.map((official) => domain.officialTitle(official)),
    reminders: (ticket.events ?? [])
      .filter(
        (event) =>
          event.type === 'reminder_sent' &&
          (event.data as { assignmentNo?: number })?.assignmentNo === assignment?.no,
      )
      .map((event) => ({ at: event.at, label: EVENT_LABELS[event.type] ?? event.type })),
    data,
    links: {
      // A message written for an earlier assignment (sent late, after a reassignment) goes to the former
      // unit: it must not carry the current unit's link.
      answer:
        mayLink &&
        assignment &&
        (typeof data.assignmentNo !== 'number' || data.assignmentNo === assignment.no)
          ? answerLinkUrl(
              config.PUBLIC_BASE_URL,
              answerLinkToken(config.LINK_SECRET, ticketId, assignment.no, assignment.tokenSalt),
            )
          : undefined,
      monitor: `${config.PUBLIC_BASE_URL}/monitor/tickets/${encodeURIComponent(ticket.code)}`,
    },
  };
  // Co-handling: a supporting unit's e-mail names it, its own deadline and its own link.
  return typeof data.supportNo === 'number'
    ? supportMailContext(domain, config, ticket, data.supportNo, context, now)
    : context;
}
