import type { Types } from 'mongoose';
import { ApiToken, Staff, type StaffRole } from '../db/models/staff.model.js';
import { hashToken, randomToken } from '../security/tokens.js';
import type { StaffPrincipal } from './staff-principal.js';

/** Recognisable in a leaked-secret scan and in a shell history; the rest is 256 random bits. */
const TOKEN_MARK = 'hl_';
/** Characters of a token kept in clear to tell tokens apart in listings (`hl_` + 8). */
export const TOKEN_PREFIX_LENGTH = TOKEN_MARK.length + 8;
const TOKEN_SHAPE = /^hl_[A-Za-z0-9_-]{43}$/;
/** Writing lastUsedAt on every request would double the load of reads; a minute is precise enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface IssuedToken {
  /** The secret itself: shown once, never stored. */
  token: string;
  prefix: string;
  tokenId: string;
}

export function tokenPrefixOf(token: string): string {
  return token.slice(0, TOKEN_PREFIX_LENGTH);
}

/** Creates a new API token for a staff member; only its sha256 is stored. */
export async function issueApiToken(staffId: Types.ObjectId | string, now: Date): Promise<IssuedToken> {
  const token = `${TOKEN_MARK}${randomToken(32)}`;
  const record = await ApiToken.create({
    staffId,
    hash: hashToken(token),
    prefix: tokenPrefixOf(token),
    createdAt: now,
  });
  return { token, prefix: record.prefix, tokenId: record._id.toString() };
}

/**
 * The staff member a bearer token belongs to, or undefined when the token is unknown, revoked, or
 * its owner is disabled. Tokens of the wrong shape are refused before touching the database.
 */
export async function findStaffByApiToken(token: string, now: Date): Promise<StaffPrincipal | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const record = await ApiToken.findOne({ hash: hashToken(token) }).lean();
  if (!record || record.revokedAt) return undefined;
  const staff = await Staff.findById(record.staffId).lean();
  if (!staff || staff.disabledAt) return undefined;
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    // Best effort: a lost update only makes the listing's "last used" a little older.
    ApiToken.updateOne({ _id: record._id }, { $set: { lastUsedAt: now } }).catch(() => undefined);
  }
  return {
    id: staff._id.toString(),
    name: staff.name,
    email: staff.email,
    role: staff.role as StaffRole,
    apiTokenId: record._id.toString(),
  };
}

/** Whether the API token behind a session is still valid (not revoked, owner not disabled). */
export async function isApiTokenActive(tokenId: string): Promise<boolean> {
  const record = await ApiToken.findById(tokenId).lean();
  if (!record || record.revokedAt) return false;
  const staff = await Staff.findById(record.staffId).lean();
  return Boolean(staff && !staff.disabledAt);
}

export type RevokeTarget = { staffId: Types.ObjectId | string } | { prefix: string };

/** Revokes matching live tokens; returns how many were revoked. */
export async function revokeApiTokens(target: RevokeTarget, now: Date): Promise<number> {
  const filter = 'staffId' in target ? { staffId: target.staffId } : { prefix: target.prefix };
  const result = await ApiToken.updateMany({ ...filter, revokedAt: null }, { $set: { revokedAt: now } });
  return result.modifiedCount;
}
