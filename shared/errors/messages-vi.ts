/** Vietnamese messages shown to people, keyed by the stable English error code. */
export const MESSAGES_VI = {
  VALIDATION_FAILED: 'Dữ liệu gửi lên không hợp lệ.',
  MALFORMED_JSON: 'Nội dung gửi lên không phải JSON hợp lệ.',
  UNSUPPORTED_MEDIA_TYPE: 'Chỉ chấp nhận nội dung dạng JSON (Content-Type: application/json).',
  PAYLOAD_TOO_LARGE: 'Nội dung gửi lên vượt quá dung lượng cho phép.',
  UNAUTHENTICATED: 'Cần đăng nhập hoặc mã truy cập hợp lệ.',
  INVALID_TOKEN: 'Mã truy cập không đúng, đã bị thu hồi hoặc tài khoản đã bị khóa.',
  SESSION_EXPIRED: 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.',
  FORBIDDEN: 'Tài khoản không có quyền thực hiện thao tác này.',
  NOT_FOUND: 'Không tìm thấy địa chỉ yêu cầu.',
  TICKET_NOT_FOUND: 'Không tìm thấy phiếu phản ánh, kiến nghị.',
  IDEMPOTENCY_CONFLICT: 'Khóa chống gửi trùng (Idempotency-Key) đã được dùng cho một nội dung khác.',
  INVALID_STATE: 'Phiếu đang ở trạng thái không cho phép thao tác này.',
  CONFLICT: 'Thao tác bị trùng với một thao tác khác vừa thực hiện. Vui lòng tải lại trang.',
  RATE_LIMITED: 'Quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.',
  DATABASE_UNAVAILABLE: 'Hệ thống tạm thời không lưu được dữ liệu. Vui lòng thử lại sau ít giây.',
  LINK_NOT_FOUND: 'Đường dẫn không tồn tại hoặc không đúng.',
  LINK_EXPIRED: 'Đường dẫn đã hết hiệu lực.',
  LINK_REVOKED: 'Đường dẫn không còn hiệu lực vì phiếu đã được chuyển cho đơn vị khác.',
  CSRF_FAILED: 'Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và gửi lại.',
  INTERNAL: 'Hệ thống gặp sự cố ngoài ý muốn. Vui lòng thử lại sau.',
} as const;

export type ErrorCode = keyof typeof MESSAGES_VI;
