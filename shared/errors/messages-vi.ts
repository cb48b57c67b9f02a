/** Vietnamese messages shown to people, keyed by the stable English error code. */
export const MESSAGES_VI = {
  VALIDATION_FAILED: 'Dữ liệu gửi lên không hợp lệ.',
  MALFORMED_JSON: 'Nội dung gửi lên không phải JSON hợp lệ.',
  UNSUPPORTED_MEDIA_TYPE: 'Chỉ chấp nhận nội dung dạng JSON (Content-Type: application/json).',
  PAYLOAD_TOO_LARGE: 'Nội dung gửi lên vượt quá dung lượng cho phép.',
  UNAUTHENTICATED: 'Cần đăng nhập hoặc mã truy cập hợp lệ.',
  INVALID_TOKEN: 'Mã truy cập không đúng, đã bị thu hồi hoặc tài khoản đã bị khóa.',
  TOKEN_EXPIRED: 'Mã truy cập đã hết hạn. Vui lòng đề nghị quản trị viên cấp mã mới.',
  TOKEN_SCOPE_MISSING: 'Mã truy cập này không được cấp quyền cho thao tác này.',
  OVERLOADED: 'Hệ thống đang quá tải. Vui lòng gửi lại sau ít giây (giữ nguyên Idempotency-Key).',
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
  LINK_CLOSED: 'Đường dẫn không còn hiệu lực vì phiếu đã được đóng; đơn vị không cần trả lời phiếu này nữa.',
  CSRF_FAILED: 'Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và gửi lại.',
  ATTACHMENT_TYPE_NOT_ALLOWED:
    'Tệp đính kèm chỉ được là PDF, JPEG hoặc PNG, và phần đuôi tên tệp phải khớp với nội dung tệp.',
  ATTACHMENT_TOO_LARGE: 'Mỗi tệp đính kèm không được lớn hơn 5 MB.',
  TOO_MANY_ATTACHMENTS: 'Chỉ được đính kèm tối đa 3 tệp.',
  ATTACHMENT_NOT_FOUND: 'Không tìm thấy tệp đính kèm.',
  TICKET_ALREADY_ANSWERED: 'Phiếu đã được trả lời.',
  TRANSFER_ALREADY_REQUESTED: 'Đơn vị đã gửi đề nghị chuyển phiếu; đang chờ Chánh Văn phòng Sở quyết định.',
  EXTENSION_ALREADY_REQUESTED: 'Đơn vị đã gửi đề nghị gia hạn; đang chờ Chánh Văn phòng Sở quyết định.',
  LOGIN_LINK_INVALID:
    'Đường dẫn đăng nhập không đúng, đã được dùng hoặc đã hết hạn. Vui lòng yêu cầu đường dẫn mới.',
  TICKET_CHANGED:
    'Phiếu vừa được người khác cập nhật nên thao tác của anh/chị chưa được thực hiện. Vui lòng xem trạng thái mới rồi thao tác lại nếu cần.',
  EXTENSION_NOT_PENDING: 'Phiếu không có đề nghị gia hạn nào đang chờ quyết định.',
  TRANSFER_NOT_PENDING: 'Phiếu không có đề nghị chuyển đơn vị nào đang chờ quyết định.',
  EXTENSION_DATE_PASSED:
    'Thời hạn đơn vị đề nghị gia hạn đã qua nên không thể chấp thuận. Vui lòng từ chối hoặc giao lại phiếu.',
  TICKET_NOT_WAITING:
    'Phiếu không còn chờ đơn vị trả lời nên không thể giao lại hay quyết định đề nghị của đơn vị.',
  CITIZEN_INFO_ALREADY_REQUESTED:
    'Đơn vị đã đề nghị người phản ánh bổ sung thông tin; đang chờ điện thoại viên liên hệ.',
  NOT_WAITING_CITIZEN: 'Phiếu không còn chờ người phản ánh bổ sung thông tin.',
  REOPEN_NOT_PENDING: 'Phiếu không chờ quyết định mở lại sau khi gọi lại công dân.',
  SUPPORT_LINK_WITHDRAWN:
    'Đường dẫn phối hợp không còn hiệu lực: đơn vị chủ trì đã trả lời, phiếu đã được giao lại cho đơn vị khác hoặc đã đóng. Đơn vị không cần gửi ý kiến nữa.',
  SUPPORT_INPUT_ALREADY_SENT: 'Đơn vị đã gửi ý kiến phối hợp cho phiếu này.',
  SUPPORT_NOT_POSSIBLE: 'Chỉ mời đơn vị phối hợp khi phiếu đang chờ đơn vị chủ trì trả lời.',
  INTERNAL: 'Hệ thống gặp sự cố ngoài ý muốn. Vui lòng thử lại sau.',
} as const;

export type ErrorCode = keyof typeof MESSAGES_VI;

/** Why a ticket cannot be closed (INVALID_STATE), by its current status. */
export const CLOSURE_REFUSED_VI = {
  closed: 'Phiếu đã được đóng trước đó.',
  notAnswered: 'Chỉ đóng được phiếu đã có trả lời của đơn vị. Phiếu này chưa được trả lời.',
} as const;
