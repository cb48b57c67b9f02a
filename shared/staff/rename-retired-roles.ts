import { ApiToken, Staff } from '../db/models/staff.model.js';

/**
 * Roles an earlier version named after a body that no longer exists, and what they are now. The
 * department inspectorate was dissolved by the Law on Inspection 2025: its `inspector` role is the
 * conduct `reviewer` of today's data (issue 17).
 */
const RETIRED_ROLES: Readonly<Record<string, string>> = { inspector: 'reviewer' };

/**
 * Renames retired roles in staff accounts and in the owner copies API tokens carry, once, at start:
 * an installation upgraded from the 2020 layout keeps its people's access without a manual step.
 * Idempotent; returns how many records changed.
 */
export async function renameRetiredRoles(): Promise<number> {
  let changed = 0;
  for (const [retired, current] of Object.entries(RETIRED_ROLES)) {
    const staff = await Staff.collection.updateMany({ role: retired }, { $set: { role: current } });
    const tokens = await ApiToken.collection.updateMany(
      { 'owner.role': retired },
      { $set: { 'owner.role': current } },
    );
    changed += staff.modifiedCount + tokens.modifiedCount;
  }
  return changed;
}
