import { recordStaffEvent, type StaffEventActor, type WarnLog } from '../audit/staff-events.js';
import type { StaffRecord } from '../db/models/staff.model.js';
import { issueApiToken, revokeApiTokens, type IssuedToken, type TokenOptions } from './api-tokens.js';
import { revokeSessionsOf } from './link-sessions.js';
import { expireLoginLinksOf } from './login-links.js';
import { createStaff, setStaffDisabled, type CreatedStaff, type NewStaff } from './staff-accounts.js';

/**
 * The changes to staff accounts and API tokens, each with its staff event: what the `npm run staff`
 * CLI and the `/admin/staff` page both do once they have checked their input. The actor is the
 * administrator on the page, or the shell user for the CLI.
 */
export interface StaffChangeDeps {
  log: WarnLog;
  actor: StaffEventActor;
  now: Date;
}

/** A new account with its first API token (`add`); StaffExistsError when the e-mail is taken. */
export async function addAccount(
  deps: StaffChangeDeps,
  input: NewStaff,
  options: TokenOptions,
): Promise<CreatedStaff> {
  const created = await createStaff(input, deps.now, options);
  await recordStaffEvent(deps.log, {
    kind: 'token_created',
    actor: deps.actor,
    at: deps.now,
    target: created.prefix,
    data: { staffId: created.staffId, email: input.email, role: input.role, command: 'add' },
  });
  return created;
}

/** Another API token for an account (`token`). */
export async function issueToken(
  deps: StaffChangeDeps,
  staff: StaffRecord,
  options: TokenOptions,
): Promise<IssuedToken> {
  const issued = await issueApiToken(staff._id, deps.now, options);
  await recordStaffEvent(deps.log, {
    kind: 'token_created',
    actor: deps.actor,
    at: deps.now,
    target: issued.prefix,
    data: { staffId: staff._id.toString(), email: staff.email, command: 'token' },
  });
  return issued;
}

/** Every token of an account, and its page sessions (`revoke --email`). */
export async function revokeAccountTokens(
  deps: StaffChangeDeps,
  staff: StaffRecord,
): Promise<{ revoked: number; sessions: number }> {
  const staffId = staff._id.toString();
  const revoked = await revokeApiTokens({ staffId: staff._id }, deps.now);
  const sessions = await revokeSessionsOf(staffId, deps.now);
  await recordStaffEvent(deps.log, {
    kind: 'token_revoked',
    actor: deps.actor,
    at: deps.now,
    target: staff.email,
    data: { staffId, revoked, sessions, command: 'revoke' },
  });
  return { revoked, sessions };
}

/** The tokens starting with `prefix` (`revoke --token-prefix`); how many were still in use. */
export async function revokeTokensByPrefix(deps: StaffChangeDeps, prefix: string): Promise<number> {
  const revoked = await revokeApiTokens({ prefix }, deps.now);
  await recordStaffEvent(deps.log, {
    kind: 'token_revoked',
    actor: deps.actor,
    at: deps.now,
    target: prefix,
    data: { revoked, command: 'revoke' },
  });
  return revoked;
}

/**
 * Locks an account (`disable`): its API tokens are revoked and its sessions and unused login links
 * ended, so nothing issued before (a lost phone's token) works again, even after unlocking.
 */
export async function lockAccount(
  deps: StaffChangeDeps,
  staff: StaffRecord,
): Promise<{ tokens: number; sessions: number }> {
  const staffId = staff._id.toString();
  await setStaffDisabled(staffId, true, deps.now);
  const tokens = await revokeApiTokens({ staffId: staff._id }, deps.now);
  const sessions = await revokeSessionsOf(staffId, deps.now);
  await expireLoginLinksOf(staffId, deps.now);
  await recordStaffEvent(deps.log, {
    kind: 'token_revoked',
    actor: deps.actor,
    at: deps.now,
    target: staff.email,
    data: { staffId, revoked: tokens, sessions, command: 'disable' },
  });
  return { tokens, sessions };
}

/** Unlocks an account (`enable`); its old tokens stay revoked. */
export async function unlockAccount(deps: StaffChangeDeps, staff: StaffRecord): Promise<void> {
  const staffId = staff._id.toString();
  await setStaffDisabled(staffId, false, deps.now);
  await recordStaffEvent(deps.log, {
    kind: 'account_enabled',
    actor: deps.actor,
    at: deps.now,
    target: staff.email,
    data: { staffId, command: 'enable' },
  });
}
