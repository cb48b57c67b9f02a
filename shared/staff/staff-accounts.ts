import { ApiToken, Staff, type StaffRecord, type StaffRole } from '../db/models/staff.model.js';
import { copyOwnerDisabled, issueApiToken, type IssuedToken, type TokenOptions } from './api-tokens.js';

export interface NewStaff {
  name: string;
  email: string;
  role: StaffRole;
}

export interface CreatedStaff extends IssuedToken {
  staffId: string;
}

export class StaffExistsError extends Error {
  constructor(email: string) {
    super(`A staff member with e-mail ${email} already exists`);
    this.name = 'StaffExistsError';
  }
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 11000;
}

/** Creates a staff account and its first API token (shown once). */
export async function createStaff(
  input: NewStaff,
  now: Date,
  tokenOptions: TokenOptions = {},
): Promise<CreatedStaff> {
  let staffId: string;
  try {
    const staff = await Staff.create({ name: input.name, email: input.email, role: input.role });
    staffId = staff._id.toString();
  } catch (error) {
    if (isDuplicateKey(error)) throw new StaffExistsError(input.email);
    throw error;
  }
  const issued = await issueApiToken(staffId, now, tokenOptions);
  return { staffId, ...issued };
}

export async function findStaffByEmail(email: string): Promise<StaffRecord | null> {
  return Staff.findOne({ email: email.trim().toLowerCase() }).lean<StaffRecord>();
}

export async function findStaffById(id: string): Promise<StaffRecord | null> {
  return Staff.findById(id).lean<StaffRecord>();
}

/**
 * Locks an account (someone left, a phone was lost) or unlocks it. A locked account's API tokens,
 * page sessions and login links stop working at once: every check reads `disabledAt`.
 */
export async function setStaffDisabled(staffId: string, disabled: boolean, now: Date): Promise<void> {
  // API tokens carry a copy of the lock (one look-up per API request). Locking writes the tokens
  // first and unlocking writes them last, so a crash in between leaves the tokens locked, never open.
  if (disabled) await copyOwnerDisabled(staffId, now);
  await Staff.updateOne(
    { _id: staffId },
    disabled ? { $set: { disabledAt: now } } : { $unset: { disabledAt: '' } },
  );
  if (!disabled) await copyOwnerDisabled(staffId, undefined);
}

export async function countStaff(): Promise<number> {
  return Staff.countDocuments({});
}

export interface StaffListing {
  id: string;
  name: string;
  email: string;
  role: string;
  disabled: boolean;
  tokens: Array<{
    prefix: string;
    createdAt: Date;
    lastUsedAt?: Date;
    revokedAt?: Date;
    expiresAt?: Date;
    /** Absent: every scope (tokens issued before scopes existed, or without --scope). */
    scopes?: string[];
  }>;
}

/** Every account with its tokens' prefixes and dates (never a hash). */
export async function listStaff(): Promise<StaffListing[]> {
  const [staff, tokens] = await Promise.all([
    Staff.find({}).sort({ createdAt: 1 }).lean(),
    ApiToken.find({}).sort({ createdAt: 1 }).lean(),
  ]);
  return staff.map((member) => ({
    id: member._id.toString(),
    name: member.name,
    email: member.email,
    role: member.role,
    disabled: Boolean(member.disabledAt),
    tokens: tokens
      .filter((token) => token.staffId.equals(member._id))
      .map((token) => ({
        prefix: token.prefix,
        createdAt: token.createdAt,
        ...(token.lastUsedAt ? { lastUsedAt: token.lastUsedAt } : {}),
        ...(token.revokedAt ? { revokedAt: token.revokedAt } : {}),
        ...(token.expiresAt ? { expiresAt: token.expiresAt } : {}),
        ...(token.scopes ? { scopes: token.scopes } : {}),
      })),
  }));
}
