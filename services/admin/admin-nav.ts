/**
 * The administration pages' navigation, in order. A page added by another router under `/admin`
 * (e.g. a journal) adds its entry here; the nav template lists whatever this holds.
 */
export interface AdminNavEntry {
  href: string;
  label: string;
}

export const ADMIN_NAV: AdminNavEntry[] = [
  { href: '/admin', label: 'Tổng quan' },
  { href: '/admin/units', label: 'Đơn vị' },
  { href: '/admin/categories', label: 'Lĩnh vực' },
  { href: '/admin/procedures', label: 'Thủ tục' },
  { href: '/admin/officials', label: 'Người giữ vai trò' },
  { href: '/admin/sla', label: 'Thời hạn xử lý' },
  { href: '/admin/calendar', label: 'Lịch làm việc' },
  { href: '/admin/staff', label: 'Tài khoản cán bộ' },
  { href: '/admin/history', label: 'Lịch sử thay đổi' },
  { href: '/admin/queues', label: 'Hàng đợi xử lý' },
];
