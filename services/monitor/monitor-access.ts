import type { SlaPolicy } from '../../config/sla-policy.js';
import type { StaffRole } from '../../shared/db/models/staff.model.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';

/** Who may open the dashboard: Chánh Văn phòng Sở (chief), Chánh Thanh tra Sở (inspector), administrators. */
export const MONITOR_ROLES: readonly StaffRole[] = ['chief', 'inspector', 'admin'];

/** Who may reassign, decide requests and close; the inspector follows conduct tickets and adds notes. */
const ACTING_ROLES: readonly StaffRole[] = ['chief', 'admin'];

export function canAct(staff: StaffPrincipal): boolean {
  return ACTING_ROLES.includes(staff.role);
}

/**
 * The categories a staff member may see; undefined means all. The inspector sees the categories the
 * SLA policy escalates to them (complaints about conduct and late procedures).
 */
export function readableCategoriesOf(
  staff: StaffPrincipal,
  policy: SlaPolicy,
): readonly string[] | undefined {
  return staff.role === 'inspector' ? policy.inspectorCategories : undefined;
}

export function canSeeCategory(staff: StaffPrincipal, policy: SlaPolicy, category: string): boolean {
  const readable = readableCategoriesOf(staff, policy);
  return readable === undefined || readable.includes(category);
}
