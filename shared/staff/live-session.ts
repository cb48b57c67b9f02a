import { StaffSession } from '../db/models/staff-session.model.js';
import { hashToken } from '../security/tokens.js';

const SESSION_ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;
/** A session's last use is written at most this often: not one database write per page view. */
const TOUCH_EVERY_MS = 60_000;

export interface LiveSession {
  staffId: string;
  /** Empty for a session opened by an e-mailed link. */
  apiTokenId: string;
}

/**
 * A page session that is still live: known, not revoked, within its maximum age, and used within
 * the last `idleMs` (a screen left signed in at a shared desk ends by itself). Using it moves its
 * idle deadline on.
 */
export async function findLiveSession(
  sessionId: string,
  now: Date,
  idleMs: number,
): Promise<LiveSession | undefined> {
  if (!SESSION_ID_SHAPE.test(sessionId)) return undefined;
  const session = await StaffSession.findOne({ hash: hashToken(sessionId) }).lean();
  if (!session || session.revokedAt || session.expiresAt.getTime() <= now.getTime()) return undefined;
  const lastSeen = (session.lastSeenAt ?? session.createdAt).getTime();
  if (now.getTime() - lastSeen >= idleMs) return undefined;
  if (now.getTime() - lastSeen >= TOUCH_EVERY_MS) {
    await StaffSession.updateOne({ _id: session._id, revokedAt: null }, { $set: { lastSeenAt: now } });
  }
  return { staffId: session.staffId.toString(), apiTokenId: session.apiTokenId?.toString() ?? '' };
}
