import { countStaff, createStaff, StaffExistsError, type CreatedStaff } from './staff-accounts.js';

/** A fixed address makes two processes starting at once on an empty database create one admin, not two. */
export const BOOTSTRAP_ADMIN_EMAIL = 'admin@hotline-1022.local';
const BOOTSTRAP_ADMIN_NAME = 'Quản trị hệ thống';

/**
 * On the very first start (no staff at all) creates an admin and returns its one-time token, so that
 * whoever installs the service is never locked out. Returns undefined when staff already exist.
 */
export async function ensureBootstrapAdmin(now: Date): Promise<CreatedStaff | undefined> {
  if ((await countStaff()) > 0) return undefined;
  try {
    return await createStaff(
      { name: BOOTSTRAP_ADMIN_NAME, email: BOOTSTRAP_ADMIN_EMAIL, role: 'admin' },
      now,
    );
  } catch (error) {
    // Another process won the race and printed the token itself.
    if (error instanceof StaffExistsError) return undefined;
    throw error;
  }
}

/**
 * What `npm start` calls after connecting: on an empty database, creates the admin and logs its
 * token once, at WARN, plainly (the only time it is ever shown).
 */
export async function createFirstAdminIfNoStaff(
  log: { warn(message: string): unknown },
  now = new Date(),
): Promise<void> {
  const created = await ensureBootstrapAdmin(now);
  if (!created) return;
  log.warn(
    // The account's e-mail is not in the line: the log redaction would blank it anyway.
    'First start: no staff accounts existed, so an admin account was created (see `npm run staff -- list`). ' +
      `Its API token, shown only this once: ${created.token} ` +
      '- keep it safe; create operators with `npm run staff -- add --role operator --name "..." --email ...`.',
  );
}
