import type { StaffRole } from '../../shared/db/models/staff.model.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';

/** Who may open the dashboard: the Office Chief (chief), the conduct reviewer (reviewer; the holder is data: officials.conductReviewer), administrators. */
export const MONITOR_ROLES: readonly StaffRole[] = ['chief', 'reviewer', 'admin'];

/** Who may reassign, decide requests and close; the conduct reviewer follows conduct tickets and adds notes. */
const ACTING_ROLES: readonly StaffRole[] = ['chief', 'admin'];

export function canAct(staff: StaffPrincipal): boolean {
  return ACTING_ROLES.includes(staff.role);
}
