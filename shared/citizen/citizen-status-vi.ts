import type { TicketStatus } from '../tickets/ticket-types.js';

/** What a status means to the person who called, in plain words (staff pages say it their own way). */
export const CITIZEN_STATUS_VI: Readonly<Record<TicketStatus, string>> = {
  received: 'Tổng đài đã tiếp nhận và đang chuyển đến đơn vị có thẩm quyền.',
  assigned: 'Đơn vị có thẩm quyền đang xem xét, giải quyết.',
  transfer_requested: 'Đang xác định lại đơn vị có thẩm quyền giải quyết.',
  waiting_citizen: 'Đơn vị cần thêm thông tin từ ông/bà; tổng đài viên sẽ liên hệ để hỏi thêm.',
  reopen_requested: 'Kết quả đang được xem xét lại vì ông/bà chưa hài lòng.',
  answered: 'Đơn vị đã có kết quả trả lời; tổng đài viên sẽ gọi lại cho ông/bà.',
  closed: 'Đã hoàn tất: tổng đài đã thông báo kết quả cho ông/bà.',
  resolved_at_intake: 'Đã được trả lời ngay trong cuộc gọi.',
};
