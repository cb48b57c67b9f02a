import type { Config } from '../../config/env.js';
import type { Official } from '../../config/sla-policy.js';
import { describeTimeLeftVi } from '../time/format-vi.js';
import { answerLinkToken, answerLinkUrl } from '../security/answer-link.js';
import type { TicketDomain } from '../tickets/ticket-domain.js';

/** The ticket fields templates read (a lean document). */
export interface MailTicket {
  _id: { toString(): string };
  code: string;
  receivedAt: Date;
  category: string;
  subject: string;
  content: string;
  priority: string;
  citizen?: unknown;
  location?: unknown;
  assignment?: { no: number; unitCode: string; deadline: Date; tokenSalt: string } | null;
  events?: Array<{ at: Date; type: string; data?: unknown }>;
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
  return {
    // A conduct complainant's identity stays with the handling unit: removed here, not only in a template.
    ticket: data.hideCitizen === true ? { ...ticket, citizen: undefined } : ticket,
    unit,
    categoryName: domain.categoryName(ticket.category),
    deadline: assignment?.deadline,
    department: domain.table.department,
    lateness: assignment ? describeTimeLeftVi(now, assignment.deadline, calendar) : '',
    level: data.level,
    escalatedTo: officials.map((official) => domain.table.officials[official].title),
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
}
