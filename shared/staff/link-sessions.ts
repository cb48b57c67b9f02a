import { StaffSession } from '../db/models/staff-session.model.js';
import type { StaffRole } from '../db/models/staff.model.js';
import { hashToken, randomToken } from '../security/tokens.js';
import { isApiTokenActive } from './api-tokens.js';
import { findLiveSession } from './live-session.js';
import { findStaffById } from './staff-accounts.js';
import type { StaffPrincipal } from './staff-principal.js';
import { SESSION_TTL_MS, type OpenedSession } from './staff-sessions.js';

/**
 * Sessions opened by an e-mailed login link (the dashboard). They live in the same collection as the
 * operator's token-opened sessions and are revoked the same way (`revokeStaffSession`), but carry
 * no API token: the e-mail link was the credential.
 */

export async function openLinkSession(staff: StaffPrincipal, now: Date): Promise<OpenedSession> {
  const sessionId = randomToken(32);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await StaffSession.create({ hash: hashToken(sessionId), staffId: staff.id, createdAt: now, expiresAt });
  return { sessionId, expiresAt };
}

/**
 * The staff member behind a live session, if their role is one of `roles`: undefined when the session
 * is unknown, expired, idle or revoked, the account disabled or moved to another role, or (for a session
 * opened with an API token) that token revoked.
 */
export async function findLinkSessionStaff(
  sessionId: string,
  roles: readonly StaffRole[],
  now: Date,
  idleMs: number,
): Promise<StaffPrincipal | undefined> {
  const session = await findLiveSession(sessionId, now, idleMs);
  if (!session) return undefined;
  const { apiTokenId } = session;
  if (apiTokenId && !(await isApiTokenActive(apiTokenId))) return undefined;
  const staff = await findStaffById(session.staffId);
  if (!staff || staff.disabledAt || !roles.includes(staff.role)) return undefined;
  return { id: staff._id.toString(), name: staff.name, email: staff.email, role: staff.role, apiTokenId };
}

/** Ends every live session of one staff member (an account handed over, a lost phone). */
export async function revokeSessionsOf(staffId: string, now: Date): Promise<number> {
  const result = await StaffSession.updateMany({ staffId, revokedAt: null }, { $set: { revokedAt: now } });
  return result.modifiedCount;
}
