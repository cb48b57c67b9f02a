import type { Types } from 'mongoose';
import {
  API_TOKEN_SCOPES,
  ApiToken,
  Staff,
  type ApiTokenScope,
  type StaffRole,
} from '../db/models/staff.model.js';
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

export interface TokenOptions {
  /** Refused after this instant. Default: never expires. */
  expiresAt?: Date;
  /** What it may do. Default: every scope (`intake` and `read`). */
  scopes?: ApiTokenScope[];
}

/**
 * Creates a new API token for a staff member; only its sha256 is stored, with a copy of the owner's
 * name, e-mail and role so that each request is authenticated by one look-up.
 */
export async function issueApiToken(
  staffId: Types.ObjectId | string,
  now: Date,
  options: TokenOptions = {},
): Promise<IssuedToken> {
  const staff = await Staff.findById(staffId).lean();
  if (!staff) throw new Error(`no staff member ${staffId.toString()}`);
  const token = `${TOKEN_MARK}${randomToken(32)}`;
  const record = await ApiToken.create({
    staffId,
    hash: hashToken(token),
    prefix: tokenPrefixOf(token),
    createdAt: now,
    owner: { name: staff.name, email: staff.email, role: staff.role },
    ...(staff.disabledAt ? { ownerDisabledAt: staff.disabledAt } : {}),
    ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}),
    ...(options.scopes ? { scopes: [...new Set(options.scopes)] } : {}),
  });
  return { token, prefix: record.prefix, tokenId: record._id.toString() };
}

export type ApiTokenCheck =
  { ok: true; staff: StaffPrincipal } | { ok: false; reason: 'invalid' | 'expired' };

interface TokenRecord {
  _id: Types.ObjectId;
  staffId: Types.ObjectId;
  revokedAt?: Date | null;
  expiresAt?: Date | null;
  lastUsedAt?: Date | null;
  scopes?: string[] | null;
  owner?: { name?: string | null; email?: string | null; role?: string | null } | null;
  ownerDisabledAt?: Date | null;
}

/** The owner as the token's copy says, or (tokens issued before the copy existed) from the staff record. */
async function ownerOf(record: TokenRecord): Promise<Omit<StaffPrincipal, 'apiTokenId'> | undefined> {
  if (record.owner?.name && record.owner.email && record.owner.role) {
    if (record.ownerDisabledAt) return undefined;
    const { name, email, role } = record.owner;
    return { id: record.staffId.toString(), name, email, role: role as StaffRole };
  }
  const staff = await Staff.findById(record.staffId).lean();
  if (!staff || staff.disabledAt) return undefined;
  return { id: staff._id.toString(), name: staff.name, email: staff.email, role: staff.role as StaffRole };
}

function scopesOf(record: TokenRecord): ApiTokenScope[] {
  const known = new Set<string>(API_TOKEN_SCOPES);
  return record.scopes
    ? (record.scopes.filter((scope) => known.has(scope)) as ApiTokenScope[])
    : [...API_TOKEN_SCOPES];
}

/**
 * Who a bearer token belongs to. Refused (`invalid`) when it is unknown, revoked or its owner is
 * locked; `expired` past its `expiresAt`. Tokens of the wrong shape are refused before touching the
 * database. One MongoDB look-up per request (the token carries a copy of its owner); "last used" is
 * written at most once a minute per token, not on every request.
 */
export async function authenticateApiToken(token: string, now: Date): Promise<ApiTokenCheck> {
  if (!TOKEN_SHAPE.test(token)) return { ok: false, reason: 'invalid' };
  const record = await ApiToken.findOne({ hash: hashToken(token) }).lean<TokenRecord>();
  if (!record || record.revokedAt) return { ok: false, reason: 'invalid' };
  const owner = await ownerOf(record);
  if (!owner) return { ok: false, reason: 'invalid' };
  if (record.expiresAt && record.expiresAt.getTime() <= now.getTime())
    return { ok: false, reason: 'expired' };
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    // Best effort: a lost update only makes the listing's "last used" a little older.
    ApiToken.updateOne({ _id: record._id }, { $set: { lastUsedAt: now } }).catch(() => undefined);
  }
  return {
    ok: true,
    staff: { ...owner, apiTokenId: record._id.toString(), apiTokenScopes: scopesOf(record) },
  };
}

/** Whether the API token behind a session is still valid (not revoked or expired, owner not disabled). */
export async function isApiTokenActive(tokenId: string, now: Date = new Date()): Promise<boolean> {
  const record = await ApiToken.findById(tokenId).lean<TokenRecord>();
  if (!record || record.revokedAt) return false;
  if (record.expiresAt && record.expiresAt.getTime() <= now.getTime()) return false;
  return (await ownerOf(record)) !== undefined;
}

/** Keeps the tokens' copy of the owner's lock in step with the account (staff-accounts.ts calls it). */
export async function copyOwnerDisabled(
  staffId: Types.ObjectId | string,
  disabledAt: Date | undefined,
): Promise<void> {
  await ApiToken.updateMany(
    { staffId },
    disabledAt ? { $set: { ownerDisabledAt: disabledAt } } : { $unset: { ownerDisabledAt: '' } },
  );
}

export type RevokeTarget = { staffId: Types.ObjectId | string } | { prefix: string };

/** Revokes matching live tokens; returns how many were revoked. */
export async function revokeApiTokens(target: RevokeTarget, now: Date): Promise<number> {
  const filter = 'staffId' in target ? { staffId: target.staffId } : { prefix: target.prefix };
  const result = await ApiToken.updateMany({ ...filter, revokedAt: null }, { $set: { revokedAt: now } });
  return result.modifiedCount;
}
