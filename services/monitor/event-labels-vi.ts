import { formatDateTimeVi, formatDeadlineVi } from '../../shared/time/format-vi.js';
import type { ClosureOutcome } from '../../shared/tickets/ticket-types.js';
import { mailKindLabelVi } from '../../shared/mail/mail-kind-labels-vi.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';

/** How each event of a ticket's log is called on the dashboard. */
export const EVENT_LABELS_VI: Readonly<Record<string, string>> = {
  received: 'Tiếp nhận phiếu',
  resolved_at_intake: 'Trả lời ngay trong cuộc gọi',
  assigned: 'Chuyển đơn vị xử lý',
  reassigned: 'Giao lại cho đơn vị khác',
  reminder_sent: 'Nhắc hạn đơn vị',
  escalated: 'Báo cáo quá hạn',
  mail_sent: 'Đã gửi thư điện tử',
  mail_failed: 'Gửi thư điện tử không thành công',
  citizen_notified: 'Đã gửi thông báo cho người phản ánh',
  citizen_notice_failed: 'Gửi thông báo cho người phản ánh không thành công',
  answered: 'Đơn vị trả lời',
  transfer_requested: 'Đơn vị đề nghị chuyển phiếu',
  transfer_refused: 'Không chấp thuận chuyển phiếu',
  extension_requested: 'Đơn vị đề nghị gia hạn',
  extension_granted: 'Chấp thuận gia hạn',
  extension_refused: 'Không chấp thuận gia hạn',
  citizen_info_requested: 'Đơn vị đề nghị người phản ánh bổ sung thông tin (tạm dừng thời hạn)',
  citizen_info_recorded: 'Ghi nhận thông tin người phản ánh bổ sung (tiếp tục tính thời hạn)',
  citizen_unreachable: 'Đóng phiếu: không liên lạc được với người phản ánh',
  call_back_unsatisfied: 'Gọi lại: công dân chưa hài lòng, chờ Chánh Văn phòng quyết định',
  reopened: 'Mở lại phiếu sau khi công dân chưa hài lòng',
  marked_complex: 'Xác định vụ việc phức tạp (mức 3)',
  forwarded_outside: 'Chuyển phiếu ra ngoài Sở (đóng phiếu)',
  note: 'Ghi chú nội bộ',
  closed: 'Đóng phiếu',
  webhook_delivered: 'Đã báo kết quả cho phần mềm tổng đài',
  citizen_corrected: 'Sửa thông tin người phản ánh theo yêu cầu',
  published: 'Công khai câu hỏi và trả lời',
  publication_withdrawn: 'Gỡ bài đã công khai',
  anonymised: 'Đã ẩn danh hóa thông tin cá nhân của người phản ánh',
  attachments_deleted: 'Đã xóa tệp đính kèm theo thời hạn lưu trữ',
  support_requested: 'Mời đơn vị phối hợp cho ý kiến',
  support_input_submitted: 'Đơn vị phối hợp gửi ý kiến',
  support_reminded: 'Nhắc hạn đơn vị phối hợp',
  support_escalated: 'Báo cáo đơn vị phối hợp quá hạn',
};

export const CLOSURE_OUTCOME_LABELS_VI: Readonly<Record<ClosureOutcome, string>> = {
  satisfied: 'Công dân hài lòng',
  useful: 'Công dân thấy thông tin hữu ích',
  unsatisfied: 'Công dân chưa hài lòng',
  unreachable: 'Không liên lạc được với công dân',
};

export function eventLabelVi(type: string): string {
  return EVENT_LABELS_VI[type] ?? type;
}

interface LoggedEvent {
  at: Date;
  type: string;
  actor?: { kind?: string; id?: string | null; name?: string | null } | null;
  data?: unknown;
}

/** Who did it, as people say it: a staff member's name, a unit's person and unit, or "Hệ thống". */
export function actorLabelVi(domain: TicketDomain, event: LoggedEvent): string {
  const actor = event.actor;
  if (!actor || actor.kind === 'system') return 'Hệ thống';
  if (actor.kind === 'unit') {
    const unit = actor.id ? (domain.unit(actor.id)?.name ?? actor.id) : '';
    return [actor.name, unit].filter(Boolean).join(' – ');
  }
  return actor.name ?? '';
}

function asDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
  return undefined;
}

/** One line saying what an event changed, from its data; empty when the label says it all. */
export function eventDetailVi(domain: TicketDomain, event: LoggedEvent): string {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const unitName = (code: unknown): string =>
    typeof code === 'string' ? (domain.unit(code)?.name ?? code) : '';
  const deadline = asDate(data.deadline);
  const parts: string[] = [];
  switch (event.type) {
    case 'assigned':
      if (data.unitCode) parts.push(`Đơn vị: ${unitName(data.unitCode)}`);
      if (deadline) parts.push(`hạn trả lời ${formatDeadlineVi(deadline)}`);
      break;
    case 'reassigned':
      parts.push(
        data.previousUnitCode
          ? `Từ ${unitName(data.previousUnitCode)} sang ${unitName(data.unitCode)}`
          : `Đơn vị: ${unitName(data.unitCode)}`,
      );
      if (deadline) parts.push(`hạn mới ${formatDeadlineVi(deadline)}`);
      break;
    case 'escalated': {
      const officials = Array.isArray(data.officials) ? data.officials : [];
      const titles = officials.map((o) => domain.officialTitle(String(o)));
      parts.push(`Cấp ${String(data.level ?? '')}${titles.length ? `, gửi ${titles.join(', ')}` : ''}`);
      break;
    }
    case 'mail_sent':
    case 'mail_failed':
      parts.push(`Thư ${mailKindLabelVi(String(data.kind ?? ''))}`);
      break;
    case 'citizen_notified':
    case 'citizen_notice_failed':
      parts.push(
        `${data.channel === 'sms' ? 'Tin nhắn SMS' : 'Thư điện tử'}: ${mailKindLabelVi(String(data.kind ?? ''))}`,
      );
      break;
    case 'answered':
      parts.push(data.onTime === false ? 'Trễ hạn' : 'Đúng hạn');
      break;
    case 'support_requested': {
      const supports = Array.isArray(data.supports) ? (data.supports as Array<Record<string, unknown>>) : [];
      for (const support of supports) {
        const due = asDate(support.deadline);
        parts.push(`${unitName(support.unitCode)}${due ? ` (hạn ý kiến ${formatDeadlineVi(due)})` : ''}`);
      }
      if (typeof data.note === 'string' && data.note) parts.push(`Ý kiến: ${data.note}`);
      break;
    }
    case 'support_input_submitted':
      parts.push(`${unitName(data.unitCode)}, ${data.onTime === false ? 'trễ hạn' : 'đúng hạn'}`);
      break;
    case 'support_reminded':
    case 'support_escalated':
      parts.push(unitName(data.unitCode));
      break;
    case 'extension_requested': {
      const proposed = asDate(data.proposedDeadline);
      if (proposed) parts.push(`Đề nghị gia hạn đến ${formatDeadlineVi(proposed)}`);
      break;
    }
    case 'extension_granted':
      if (deadline) parts.push(`Hạn mới ${formatDeadlineVi(deadline)}`);
      break;
    case 'transfer_requested':
      if (data.suggestedUnit) parts.push(`Đề nghị chuyển đến ${unitName(data.suggestedUnit)}`);
      break;
    case 'citizen_info_recorded': {
      const previous = asDate(data.previousDeadline);
      if (deadline)
        parts.push(
          `Hạn trả lời mới ${formatDeadlineVi(deadline)}${previous ? ` (trước đây ${formatDeadlineVi(previous)})` : ''}`,
        );
      // The supporting units' deadlines moved with the lead's (co-handling).
      const supports = Array.isArray(data.supports) ? (data.supports as Array<Record<string, unknown>>) : [];
      for (const support of supports) {
        const due = asDate(support.deadline);
        if (due) parts.push(`${unitName(support.unitCode)}: hạn ý kiến mới ${formatDeadlineVi(due)}`);
      }
      break;
    }
    case 'citizen_info_requested': {
      const until = asDate(data.unreachableAt);
      if (until) parts.push(`Đóng phiếu nếu không liên lạc được đến ${formatDeadlineVi(until)}`);
      break;
    }
    case 'reopened':
      if (data.unitCode) parts.push(`Giao ${unitName(data.unitCode)}`);
      if (deadline) parts.push(`hạn mới ${formatDeadlineVi(deadline)}`);
      break;
    case 'marked_complex': {
      const previous = asDate(data.previousDeadline);
      if (deadline)
        parts.push(
          `Hạn trả lời mới ${formatDeadlineVi(deadline)}${previous ? ` (trước đây ${formatDeadlineVi(previous)})` : ''}`,
        );
      break;
    }
    case 'forwarded_outside':
      if (typeof data.destinationName === 'string') parts.push(`Nơi nhận: ${data.destinationName}`);
      if (typeof data.workingDays === 'number') {
        parts.push(
          `sau ${data.workingDays} ngày làm việc kể từ khi tiếp nhận${data.late === true ? ' (quá 5 ngày làm việc)' : ''}`,
        );
      }
      break;
    case 'closed':
      if (typeof data.outcome === 'string') {
        parts.push(CLOSURE_OUTCOME_LABELS_VI[data.outcome as ClosureOutcome] ?? data.outcome);
      }
      break;
  }
  for (const key of ['reason', 'note', 'text'] as const) {
    if (typeof data[key] === 'string' && data[key])
      parts.push(`${key === 'reason' ? 'Lý do: ' : ''}${data[key]}`);
  }
  return parts.join('; ');
}

/** "reassigned at 09:15, 05/03/2026 by Trần Văn Bình": what a person who lost a race needs to know. */
export function describeLatestChangeVi(domain: TicketDomain, events: readonly LoggedEvent[]): string {
  const latest = [...events]
    .reverse()
    .find(
      (event) =>
        !['mail_sent', 'mail_failed', 'citizen_notified', 'citizen_notice_failed', 'note'].includes(
          event.type,
        ),
    );
  if (!latest) return '';
  const actor = actorLabelVi(domain, latest);
  return `${eventLabelVi(latest.type)} lúc ${formatDateTimeVi(latest.at)}${actor ? ` (${actor})` : ''}`;
}
