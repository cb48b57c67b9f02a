import type { StaffEventKind } from '../../shared/audit/staff-events.js';

/** What each staff event is called on the journal page (Nhật ký truy cập). */
export const STAFF_EVENT_KIND_LABELS_VI: Record<StaffEventKind, string> = {
  login_link_sent: 'Gửi liên kết đăng nhập',
  login: 'Đăng nhập',
  login_failed: 'Đăng nhập không thành công',
  logout: 'Đăng xuất',
  token_created: 'Cấp mã truy cập API',
  token_revoked: 'Thu hồi mã truy cập API',
  account_enabled: 'Mở khóa tài khoản',
  view: 'Xem thông tin người phản ánh',
  export: 'Xuất dữ liệu',
  download: 'Tải tệp đính kèm',
  queue_board: 'Thao tác trên bảng hàng đợi',
  citizen_data_search: 'Tra cứu dữ liệu của một người dân',
  citizen_data_correct: 'Sửa dữ liệu theo yêu cầu người dân',
  anonymise: 'Ẩn danh dữ liệu người phản ánh',
};

/** Who acted, by role (staff roles, a unit's link, the CLI, the first start, someone not logged in). */
export const ACTOR_ROLE_LABELS_VI: Record<string, string> = {
  operator: 'Điện thoại viên',
  chief: 'Chánh Văn phòng Sở',
  inspector: 'Thanh tra Sở',
  reviewer: 'Người xem xét phản ánh về công vụ',
  admin: 'Quản trị',
  unit: 'Đơn vị (liên kết trả lời)',
  cli: 'Dòng lệnh quản trị',
  system: 'Hệ thống',
  anonymous: 'Chưa đăng nhập',
};
