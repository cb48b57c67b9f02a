import { supportIsOpen, type SupportRecord } from '../../shared/tickets/co-handling.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';

/**
 * Every supporting unit of the ticket as the Office Chief's page shows it (co-handling), newest lead
 * assignment first: its unit, deadline, what it sent, and in Vietnamese where it stands.
 */
export function supportsModel(domain: TicketDomain, ticket: StoredTicket, now: Date) {
  const supports = (ticket.supports ?? []) as unknown as SupportRecord[];
  return supports
    .map((support) => {
      const open = supportIsOpen(ticket, support);
      // While the ticket waits on the citizen a supporting deadline is paused: never late meanwhile.
      const paused = open && !support.submittedAt && ticket.status === 'waiting_citizen';
      const late = !paused && !support.submittedAt && support.deadline.getTime() < now.getTime();
      const stateLabel = support.submittedAt
        ? `Đã gửi ý kiến${support.input?.onTime === false ? ' (trễ hạn)' : ''}`
        : !open
          ? 'Đường dẫn đã thu hồi, không gửi ý kiến'
          : paused
            ? 'Đang chờ ý kiến (tạm dừng tính hạn: chờ người phản ánh bổ sung thông tin)'
            : late
              ? 'Quá hạn, chưa gửi ý kiến'
              : 'Đang chờ ý kiến';
      return {
        no: support.no,
        assignmentNo: support.assignmentNo,
        unitName: domain.unit(support.unitCode)?.name ?? support.unitCode,
        requestedAt: support.requestedAt,
        requestedBy: support.requestedBy?.name ?? undefined,
        note: support.note ?? undefined,
        deadline: support.deadline,
        remindedAt: support.remindedAt ?? undefined,
        escalatedAt: support.escalatedAt ?? undefined,
        stateLabel,
        late: late && open,
        input: support.submittedAt
          ? {
              text: support.input?.text,
              responderName: support.input?.responderName,
              responderPosition: support.input?.responderPosition,
              submittedAt: support.submittedAt,
              files: (support.input?.attachments ?? []).map((file) => file.filename),
            }
          : undefined,
      };
    })
    .reverse();
}
