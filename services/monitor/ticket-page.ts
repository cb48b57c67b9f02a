import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { describeTimeLeftVi } from '../../shared/time/format-vi.js';
import type { TicketStatus } from '../../shared/tickets/ticket-types.js';
import { canStartFrom, unitOwesAnswer } from '../../shared/tickets/lifecycle.js';
import { randomToken } from '../../shared/security/tokens.js';
import {
  CHANNEL_LABELS_VI,
  PRIORITY_LABELS_VI,
  STATUS_LABELS_VI,
} from '../../shared/tickets/status-labels-vi.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import { previousAnswersWithUnit } from '../../shared/tickets/previous-answers.js';
import { highestEscalationLevel } from '../../shared/oversight/ticket-stats.js';
import { CLOSABLE_STATUSES } from './close-with-reason.js';
import { actorLabelVi, CLOSURE_OUTCOME_LABELS_VI, eventDetailVi, eventLabelVi } from './event-labels-vi.js';
import { canAct } from './monitor-access.js';
import type { MonitorSession } from './monitor-session.js';
import { NOTE_MAX } from './ticket-action.js';
import { identityView, textForViewer } from '../../shared/privacy/identity-view.js';
import { processingLevelOf, PROCESSING_LEVEL_LABELS_VI } from '../../shared/tickets/processing-level.js';
import type { Destination } from '../../shared/organisation/destinations.js';
import { FORWARD_WITHIN_WORKING_DAYS } from '../../shared/forwarding/forwarding-delay.js';
import { forwardingGuard } from './forward-ticket.js';
import { supportsModel } from './supports-model.js';

/** What the page says after an action went through (`?done=`). */
export const DONE_NOTICES_VI = {
  reassign:
    'Đã giao lại phiếu. Đơn vị mới nhận thư điện tử kèm đường dẫn trả lời; đường dẫn cũ không còn hiệu lực.',
  extension: 'Đã ghi nhận quyết định về đề nghị gia hạn và báo cho đơn vị qua thư điện tử.',
  transfer: 'Đã ghi nhận quyết định về đề nghị chuyển phiếu và báo cho đơn vị qua thư điện tử.',
  note: 'Đã thêm ghi chú nội bộ.',
  close: 'Đã đóng phiếu.',
  publish: 'Đã công khai câu hỏi và trả lời tại trang Công khai trả lời.',
  withdraw: 'Đã gỡ bài khỏi trang Công khai trả lời.',
  forward:
    'Đã chuyển phiếu ra ngoài Sở và đóng phiếu. Nơi nhận được gửi thư điện tử kèm nội dung phiếu; đường dẫn trả lời của đơn vị không còn hiệu lực.',
  complex: 'Đã xác định vụ việc phức tạp (mức 3); hạn trả lời và lịch nhắc hạn được tính lại.',
  support:
    'Đã mời đơn vị phối hợp. Mỗi đơn vị nhận thư điện tử kèm đường dẫn riêng và hạn gửi ý kiến; đơn vị chủ trì thấy ý kiến trên trang trả lời.',
  reopen:
    'Đã mở lại phiếu. Đơn vị nhận thư điện tử kèm đường dẫn trả lời và hạn trả lời mới; trả lời trước đây được giữ lại.',
} as const;
export type DoneNotice = keyof typeof DONE_NOTICES_VI;

export function isDoneNotice(value: unknown): value is DoneNotice {
  return typeof value === 'string' && Object.hasOwn(DONE_NOTICES_VI, value);
}

function phoneOf(phone: string | null | undefined): string | undefined {
  if (!phone) return undefined;
  return parsePhoneNumberFromString(phone, 'VN')?.formatNational() ?? phone;
}

/** Everything the ticket page shows the Office Chief; the template only lays it out. */
export function ticketPageModel(
  domain: TicketDomain,
  session: MonitorSession,
  ticket: StoredTicket,
  options: {
    now: Date;
    done?: DoneNotice;
    alert?: string;
    values?: Record<string, unknown>;
    /** The destinations outside the Department the forward form offers. */
    destinations?: readonly Destination[];
  },
) {
  const { now } = options;
  const level = processingLevelOf(ticket);
  const assignment = ticket.assignment ?? undefined;
  const waiting = unitOwesAnswer(ticket);
  const calendar = domain.calendars.forUnit(assignment?.unitCode ?? '');
  const unitName = (code: string | null | undefined): string =>
    code ? (domain.unit(code)?.name ?? code) : '';
  const extension = ticket.extensionRequest?.decision === 'pending' ? ticket.extensionRequest : undefined;
  const transfer = ticket.transferRequest?.decision === 'pending' ? ticket.transferRequest : undefined;
  const identity = identityView(ticket, session.staff.role, domain.privacy);
  const acting = canAct(session.staff);
  const published = ticket.publication?.status === 'published';
  return {
    staff: session.staff,
    csrf: session.csrfToken,
    formId: randomToken(16),
    expected: { status: ticket.status, no: assignment?.no ?? 0 },
    done: options.done ? DONE_NOTICES_VI[options.done] : undefined,
    alert: options.alert,
    values: options.values ?? {},
    noteMax: NOTE_MAX,
    ticket: {
      code: ticket.code,
      subject: textForViewer(ticket.subject, ticket, identity),
      content: textForViewer(ticket.content, ticket, identity),
      urgent: ticket.priority === 'urgent',
      priorityLabel: PRIORITY_LABELS_VI[ticket.priority as 'normal'] ?? ticket.priority,
      channelLabel: CHANNEL_LABELS_VI[ticket.channel as 'phone'] ?? ticket.channel,
      receivedAt: ticket.receivedAt,
      categoryName: domain.categoryName(ticket.category),
      statusLabel: ticket.forwarding?.forwardedAt
        ? `Đã chuyển ra ngoài Sở (${ticket.forwarding.recipient ?? ticket.forwarding.destinationCode})`
        : (STATUS_LABELS_VI[ticket.status as TicketStatus] ?? ticket.status),
      location: [ticket.location?.address, ticket.location?.commune].filter(Boolean).join(', '),
      citizen: identity.shown
        ? {
            shown: true,
            name: identity.name,
            phone: phoneOf(identity.phone),
            email: identity.email,
            address: identity.address,
          }
        : { shown: false, label: identity.label },
      // Not an identity: why the ticket's log shows no notice to the citizen.
      noticesOptOut: ticket.citizen?.noticesOptOut === true,
    },
    assignment: assignment && {
      no: assignment.no,
      unitName: unitName(assignment.unitCode),
      assignedAt: assignment.assignedAt,
      deadline: assignment.deadline,
      timeLeft: waiting ? describeTimeLeftVi(now, assignment.deadline, calendar) : undefined,
      late: waiting && assignment.deadline.getTime() < now.getTime(),
    },
    level: {
      value: level,
      label: PROCESSING_LEVEL_LABELS_VI[level],
      reason: ticket.complexity?.reason,
      setBy: ticket.complexity?.setBy?.name,
      setAt: ticket.complexity?.setAt,
    },
    forwarding: ticket.forwarding?.forwardedAt
      ? { ...ticket.forwarding, limit: FORWARD_WITHIN_WORKING_DAYS }
      : undefined,
    destinations: (options.destinations ?? []).map((destination) => ({
      code: destination.code,
      label: destination.email ? destination.recipient : `${destination.recipient} (chưa có thư điện tử)`,
    })),
    escalationLevel: ticket.escalation?.level ?? 0,
    highestEscalationLevel: highestEscalationLevel(ticket),
    answer: ticket.answer?.answeredAt
      ? { ...ticket.answer, unitName: unitName(ticket.answer.unitCode) }
      : undefined,
    closure: ticket.closure?.closedAt
      ? {
          ...ticket.closure,
          outcomeLabel: ticket.closure.outcome
            ? CLOSURE_OUTCOME_LABELS_VI[ticket.closure.outcome]
            : undefined,
        }
      : undefined,
    extension: extension && {
      reason: extension.reason,
      requestedBy: extension.requestedBy,
      requestedAt: extension.requestedAt,
      proposedDeadline: extension.proposedDeadline,
      expired: Boolean(extension.proposedDeadline && extension.proposedDeadline.getTime() <= now.getTime()),
    },
    transfer: transfer && {
      reason: transfer.reason,
      requestedBy: transfer.requestedBy,
      requestedAt: transfer.requestedAt,
      suggestedUnit: transfer.suggestedUnit,
      suggestedUnitName: unitName(transfer.suggestedUnit),
    },
    citizenRequest: ticket.citizenRequest?.requestedAt
      ? {
          waiting: ticket.status === 'waiting_citizen',
          question: ticket.citizenRequest.question,
          requestedAt: ticket.citizenRequest.requestedAt,
          requestedBy: ticket.citizenRequest.requestedBy,
          reply: ticket.citizenRequest.repliedAt ? ticket.citizenRequest.reply : undefined,
          repliedAt: ticket.citizenRequest.repliedAt,
        }
      : undefined,
    previousAnswers: previousAnswersWithUnit(ticket, unitName),
    reopenCount: ticket.reopenCount ?? 0,
    allUnits: domain.table.units.map((unit) => ({ code: unit.code, name: unit.name })),
    can: {
      note: true,
      decide: acting && waiting,
      reassign: acting && waiting,
      reopen: acting && ticket.status === 'reopen_requested',
      forward: acting && Boolean(forwardingGuard(domain, ticket)),
      complex: acting && waiting && level !== 3,
      support:
        acting &&
        canStartFrom('requestSupport', ticket.status) &&
        Boolean(assignment && !assignment.revokedAt),
      close: acting && CLOSABLE_STATUSES.includes(ticket.status as TicketStatus),
      publish: acting && canStartFrom('publish', ticket.status) && Boolean(ticket.answer?.text) && !published,
      withdraw: acting && published,
    },
    publication: ticket.publication?.status ? ticket.publication : undefined,
    // Co-handling: every supporting unit the ticket had, with what it sent and whether its link still works.
    supports: supportsModel(domain, ticket, now),
    otherUnits: domain.table.units
      .filter((unit) => unit.code !== assignment?.unitCode)
      .map((unit) => ({ code: unit.code, name: unit.name })),
    history: (ticket.events ?? []).map((event) => ({
      at: event.at,
      label: eventLabelVi(event.type),
      type: event.type,
      actor: actorLabelVi(domain, event),
      detail: eventDetailVi(domain, event),
    })),
  };
}
