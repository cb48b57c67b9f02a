import type { SlaPolicy } from '../../config/sla-policy.js';
import type { StaffRole } from '../db/models/staff.model.js';

/**
 * Categories a role may read; undefined means all. The conduct reviewer sees
 * only the categories the SLA policy escalates to them (complaints about conduct and late
 * procedures), on the API and on the dashboard alike.
 */
export function readableCategoriesFor(
  role: StaffRole,
  policy: Pick<SlaPolicy, 'conductReviewCategories'>,
): readonly string[] | undefined {
  return role === 'reviewer' ? policy.conductReviewCategories : undefined;
}

export function canReadCategory(
  role: StaffRole,
  policy: Pick<SlaPolicy, 'conductReviewCategories'>,
  category: string,
): boolean {
  const allowed = readableCategoriesFor(role, policy);
  return allowed === undefined || allowed.includes(category);
}
