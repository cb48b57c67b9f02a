import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { recordStaffEvent } from '../audit/staff-events.js';
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

/** Where the token goes when no one is at a terminal: a file only the service's own user can read. */
export const BOOTSTRAP_TOKEN_FILE = 'bootstrap-admin-token';

export interface TokenOutlet {
  /** The operator's terminal, when the process has one (stdout is a TTY): written there, not logged. */
  terminal?: { write(text: string): unknown };
  /** The data folder (DATA_DIR): otherwise the token goes to a 0600 file there. */
  dataDir: string;
}

/**
 * What `npm start` calls after connecting: on an empty database, creates the admin and hands its
 * token over once. Never through the log (issue 14, finding 11: logs go to central storage in
 * production): on the terminal when there is one, else in a file readable by the owner only; the
 * log says where, never what.
 */
export async function createFirstAdminIfNoStaff(
  log: { warn(message: string, meta?: object): unknown },
  outlet: TokenOutlet,
  now = new Date(),
): Promise<void> {
  const created = await ensureBootstrapAdmin(now);
  if (!created) return;
  await recordStaffEvent(log, {
    kind: 'token_created',
    actor: { name: 'Khởi động lần đầu', role: 'system', ip: 'local' },
    at: now,
    target: created.prefix,
    data: { staffId: created.staffId, email: BOOTSTRAP_ADMIN_EMAIL, reason: 'bootstrap admin' },
  });
  const advice =
    'Keep it safe; create operators with `npm run staff -- add --role operator --name "..." --email ...`.';
  if (outlet.terminal) {
    outlet.terminal.write(
      `\nFirst start: an admin account was created. Its API token, shown only this once:\n\n  ${created.token}\n\n${advice}\n\n`,
    );
    log.warn('First start: an admin account was created; its API token was shown on the terminal only');
    return;
  }
  const file = resolve(outlet.dataDir, BOOTSTRAP_TOKEN_FILE);
  await mkdir(dirname(file), { recursive: true });
  // `wx`: never reuse a file someone else prepared (and might read); the mode applies on creation.
  await rm(file, { force: true });
  await writeFile(file, `${created.token}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  log.warn(
    `First start: an admin account was created; its API token is in ${file} (readable by this user only). ` +
      `${advice} Then delete the file.`,
  );
}
