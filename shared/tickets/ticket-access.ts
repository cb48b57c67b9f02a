import type { StaffRole } from '../db/models/staff.model.js';

/**
 * Categories a role may read; undefined means all. The Chief Inspector (Chánh Thanh tra Sở) handles
 * complaints about officials' conduct and late procedures, and sees only those.
 */
export function readableCategoriesFor(role: StaffRole): readonly string[] | undefined {
  return role === 'inspector' ? ['conduct', 'procedure'] : undefined;
}

export function canReadCategory(role: StaffRole, category: string): boolean {
  const allowed = readableCategoriesFor(role);
  return allowed === undefined || allowed.includes(category);
}
