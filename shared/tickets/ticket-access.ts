import type { SlaPolicy } from '../../config/sla-policy.js';
import type { StaffRole } from '../db/models/staff.model.js';

/**
 * Categories a role may read; undefined means all. The Chief Inspector (Chánh Thanh tra Sở) sees
 * only the categories the SLA policy escalates to them (complaints about conduct and late
 * procedures), on the API and on the dashboard alike.
 */
export function readableCategoriesFor(
  role: StaffRole,
  policy: Pick<SlaPolicy, 'inspectorCategories'>,
): readonly string[] | undefined {
  return role === 'inspector' ? policy.inspectorCategories : undefined;
}

export function canReadCategory(
  role: StaffRole,
  policy: Pick<SlaPolicy, 'inspectorCategories'>,
  category: string,
): boolean {
  const allowed = readableCategoriesFor(role, policy);
  return allowed === undefined || allowed.includes(category);
}
