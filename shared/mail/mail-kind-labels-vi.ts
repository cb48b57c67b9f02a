import type { MailKind } from '../tickets/lifecycle.js';

/**
 * Every kind of e-mail the service sends, as people read it: in a ticket's log on the dashboard
 * ("Đã gửi thư điện tử: nhắc hạn") and in the Office Chief's alert when one could not be sent.
 * Typed by MailKind, so a new kind cannot ship without its label.
 */
export const MAIL_KIND_LABELS_VI: Readonly<Record<MailKind, string>> = {
  assign: 'giao phiếu cho đơn vị',
  assign_informed: 'báo để biết cho đơn vị liên quan',
  remind: 'nhắc hạn',
  overdue: 'thông báo quá hạn cho đơn vị',
  escalate: 'báo cáo quá hạn cho lãnh đạo',
  answered: 'báo đơn vị đã trả lời',
  extension_requested: 'đề nghị gia hạn',
  transfer_requested: 'đề nghị chuyển phiếu',
  extension_granted: 'báo chấp thuận gia hạn',
  extension_refused: 'báo không chấp thuận gia hạn',
  transfer_refused: 'báo không chấp thuận chuyển phiếu',
  reassigned_away: 'báo phiếu đã giao cho đơn vị khác',
  ticket_closed: 'báo phiếu đã đóng',
  citizen_info_requested: 'đề nghị liên hệ người phản ánh để bổ sung thông tin',
  citizen_info_received: 'báo thông tin người phản ánh đã bổ sung',
  call_back_unsatisfied: 'báo công dân chưa hài lòng khi gọi lại',
  forwarded_outside: 'chuyển phiếu đến cơ quan, địa phương ngoài Sở',
  mail_failed: 'cảnh báo gửi thư không thành công',
  notice_received: 'báo người phản ánh đã tiếp nhận và mã tra cứu',
  notice_info_needed: 'báo người phản ánh cần bổ sung thông tin',
  notice_answer_ready: 'báo người phản ánh đã có trả lời',
  support_assign: 'mời đơn vị phối hợp cho ý kiến',
  support_remind: 'nhắc hạn đơn vị phối hợp',
  support_overdue: 'thông báo quá hạn cho đơn vị phối hợp',
  support_escalate: 'báo cáo đơn vị phối hợp quá hạn cho lãnh đạo',
  support_input_received: 'báo đơn vị chủ trì có ý kiến phối hợp',
  login_link: 'đường dẫn đăng nhập trang theo dõi',
  daily_digest: 'báo cáo hằng ngày',
};

/** The label of a kind found in stored data (an event written by an older version may name any kind). */
export function mailKindLabelVi(kind: string): string {
  return (MAIL_KIND_LABELS_VI as Readonly<Record<string, string>>)[kind] ?? kind;
}
