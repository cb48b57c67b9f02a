import type { StaffRole } from '../../shared/db/models/staff.model.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';

/** Who may open the dashboard: Chánh Văn phòng Sở (chief), Chánh Thanh tra Sở (inspector), administrators. */
export const MONITOR_ROLES: readonly StaffRole[] = ['chief', 'inspector', 'admin'];

/** Who may reassign, decide requests and close; the inspector follows conduct tickets and adds notes. */
const ACTING_ROLES: readonly StaffRole[] = ['chief', 'admin'];

export function canAct(staff: StaffPrincipal): boolean {
  return ACTING_ROLES.includes(staff.role);
}
