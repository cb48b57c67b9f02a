import { StaffSession } from '../db/models/staff-session.model.js';
import { hashToken, randomToken, signToken } from '../security/tokens.js';
import { findStaffById } from './staff-accounts.js';
import { isApiTokenActive } from './api-tokens.js';
import { findLiveSession } from './live-session.js';
import type { StaffPrincipal } from './staff-principal.js';

/** A working day and a half-shift: an operator logs in once per shift. */
export const SESSION_TTL_MS = 12 * 3600 * 1000;
const SESSION_ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface OpenedSession {
  /** Goes into the cookie; never stored. */
  sessionId: string;
  expiresAt: Date;
}

export async function openStaffSession(staff: StaffPrincipal, now: Date): Promise<OpenedSession> {
  const sessionId = randomToken(32);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await StaffSession.create({
    hash: hashToken(sessionId),
    staffId: staff.id,
    apiTokenId: staff.apiTokenId,
    createdAt: now,
    expiresAt,
  });
  return { sessionId, expiresAt };
}

/** The staff member behind a live session, or undefined (unknown, expired, idle, revoked, token revoked, disabled). */
export async function findSessionStaff(
  sessionId: string,
  now: Date,
  idleMs: number,
): Promise<StaffPrincipal | undefined> {
  const session = await findLiveSession(sessionId, now, idleMs);
  if (!session?.apiTokenId || !(await isApiTokenActive(session.apiTokenId))) return undefined;
  const staff = await findStaffById(session.staffId);
  if (!staff || staff.disabledAt) return undefined;
  const { apiTokenId } = session;
  return { id: staff._id.toString(), name: staff.name, email: staff.email, role: staff.role, apiTokenId };
}

export async function revokeStaffSession(sessionId: string, now: Date): Promise<void> {
  if (!SESSION_ID_SHAPE.test(sessionId)) return;
  await StaffSession.updateOne({ hash: hashToken(sessionId), revokedAt: null }, { $set: { revokedAt: now } });
}

/**
 * The CSRF token of a session: an HMAC of the session id, so nothing more is stored and a page
 * from another site, which cannot read the cookie, cannot compute it.
 */
export function sessionCsrfToken(secret: string, sessionId: string): string {
  return signToken(secret, `csrf:${sessionId}`);
}
