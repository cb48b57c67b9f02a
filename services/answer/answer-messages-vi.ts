/** Sentences of the answer pages that depend on data (fixed error messages live in shared/errors/messages-vi.ts). */

/** What the page says after an action succeeded (`?done=…` after the redirect). */
export const DONE_NOTICES_VI = {
  answer: 'Đã ghi nhận trả lời của đơn vị. Tổng đài 1022 sẽ gọi lại thông báo cho công dân. Xin cảm ơn!',
  transfer:
    'Đã gửi đề nghị chuyển phiếu đến Chánh Văn phòng Sở. Trong khi chờ quyết định, thời hạn trả lời vẫn tiếp tục được tính.',
  extension:
    'Đã gửi đề nghị gia hạn đến Chánh Văn phòng Sở. Hạn trả lời hiện tại chưa thay đổi cho đến khi được chấp thuận.',
  citizen:
    'Đã gửi đề nghị bổ sung thông tin đến Tổng đài 1022. Thời hạn trả lời tạm dừng; đơn vị sẽ nhận thư điện tử khi người phản ánh bổ sung.',
} as const;
export type DoneNotice = keyof typeof DONE_NOTICES_VI;

export const FIELD_MESSAGES_VI = {
  unknownUnit: 'Đơn vị không có trong danh sách hoặc chính là đơn vị đang được giao.',
  dayOff: 'Ngày đã chọn là ngày nghỉ; vui lòng chọn một ngày làm việc.',
  notInFuture: 'Ngày đề nghị phải sau hôm nay.',
  notAfterDeadline: (deadline: string) => `Ngày đề nghị phải sau hạn trả lời hiện tại (${deadline}).`,
  tooFar: (days: number) => `Chỉ được đề nghị gia hạn tối đa ${days} ngày kể từ hôm nay.`,
} as const;
