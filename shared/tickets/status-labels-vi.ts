import type { Channel, Priority, TicketStatus } from './ticket-types.js';

/** How statuses are called on pages and in e-mails. */
export const STATUS_LABELS_VI: Readonly<Record<TicketStatus, string>> = {
  received: 'Đã tiếp nhận, đang chuyển xử lý',
  assigned: 'Đã chuyển đơn vị xử lý',
  transfer_requested: 'Đơn vị đề nghị chuyển nơi khác',
  waiting_citizen: 'Đang chờ người phản ánh bổ sung thông tin',
  answered: 'Đơn vị đã trả lời',
  reopen_requested: 'Công dân chưa hài lòng, chờ Chánh Văn phòng quyết định',
  closed: 'Đã gọi lại công dân, hoàn tất',
  resolved_at_intake: 'Đã trả lời ngay trong cuộc gọi',
};

export const CHANNEL_LABELS_VI: Readonly<Record<Channel, string>> = {
  phone: 'Điện thoại',
  zalo: 'Zalo',
  email: 'Thư điện tử',
  web: 'Cổng thông tin điện tử',
  sms: 'Tin nhắn SMS',
  facebook: 'Facebook',
  app: 'Ứng dụng di động',
  walk_in: 'Trực tiếp tại cơ quan',
};

export const PRIORITY_LABELS_VI: Readonly<Record<Priority, string>> = {
  normal: 'Bình thường',
  urgent: 'Khẩn',
};
