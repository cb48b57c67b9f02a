import { Types } from 'mongoose';
import { LoginLink } from '../db/models/login-link.model.js';
import { leaseIsFree } from '../mail/leased-send.js';
import type { StaffRole } from '../db/models/staff.model.js';
import { hashToken, randomToken, signToken } from '../security/tokens.js';
import { findStaffByEmail, findStaffById } from './staff-accounts.js';
import type { StaffPrincipal } from './staff-principal.js';

/** How long an e-mailed login link works: 15 minutes. */
export const LOGIN_LINK_TTL_MS = 15 * 60_000;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The secret part of a login link: re-derivable from the stored salt, so the token itself is never stored. */
export function loginLinkToken(secret: string, linkId: string, salt: string): string {
  return signToken(secret, `login:${linkId}:${salt}`);
}

export function loginLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/monitor/login/${token}`;
}

/**
 * Creates a login link for the account with this e-mail when it may use the dashboard, and returns
 * the link's id (the e-mail is sent by the `login` worker). Undefined for unknown, disabled or
 * other-role accounts: the caller answers the same either way.
 */
export async function issueLoginLink(
  secret: string,
  email: string,
  roles: readonly StaffRole[],
  now: Date,
  returnTo?: string,
): Promise<string | undefined> {
  const staff = await findStaffByEmail(email);
  if (!staff || staff.disabledAt || !roles.includes(staff.role)) return undefined;
  const id = new Types.ObjectId();
  const salt = randomToken(16);
  await LoginLink.create({
    _id: id,
    staffId: staff._id,
    hash: hashToken(loginLinkToken(secret, id.toString(), salt)),
    salt,
    createdAt: now,
    expiresAt: new Date(now.getTime() + LOGIN_LINK_TTL_MS),
    ...(returnTo ? { returnTo } : {}),
  });
  return id.toString();
}

/** Whether a link would still log someone in (the confirmation page shows an error early otherwise). */
export async function isLoginLinkUsable(token: string, now: Date): Promise<boolean> {
  if (!TOKEN_SHAPE.test(token)) return false;
  const link = await LoginLink.findOne({ hash: hashToken(token) }).lean();
  return Boolean(link && !link.usedAt && link.expiresAt.getTime() > now.getTime());
}

export interface ConsumedLoginLink {
  staff: StaffPrincipal;
  returnTo?: string;
}

/**
 * Consumes a link (one atomic update, so two clicks cannot both log in) and returns whom it logs in;
 * undefined when unknown, used, expired, or its account was disabled or changed role meanwhile.
 */
export async function consumeLoginLink(
  token: string,
  roles: readonly StaffRole[],
  now: Date,
): Promise<ConsumedLoginLink | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const link = await LoginLink.findOneAndUpdate(
    { hash: hashToken(token), usedAt: null, expiresAt: { $gt: now } },
    { $set: { usedAt: now } },
    { returnDocument: 'after', lean: true },
  );
  if (!link) return undefined;
  const staff = await findStaffById(link.staffId.toString());
  if (!staff || staff.disabledAt || !roles.includes(staff.role)) return undefined;
  return {
    // Logged in by e-mail, not by an API token: no token to tie the session to.
    staff: {
      id: staff._id.toString(),
      name: staff.name,
      email: staff.email,
      role: staff.role,
      apiTokenId: '',
    },
    ...(link.returnTo ? { returnTo: link.returnTo } : {}),
  };
}

export interface LoginLinkToSend {
  token: string;
  expiresAt: Date;
  staff: { name: string; email: string };
}

/**
 * Takes the lease on an unsent, unused, unexpired link for the sender; undefined when there is
 * nothing to send (already sent, used, expired, another worker holds it, account gone).
 */
export async function claimLoginLinkForSending(
  secret: string,
  linkId: string,
  now: Date,
  leaseMs: number,
): Promise<LoginLinkToSend | undefined> {
  const link = await LoginLink.findOneAndUpdate(
    {
      _id: linkId,
      sentAt: null,
      usedAt: null,
      expiresAt: { $gt: now },
      ...leaseIsFree(now),
    },
    { $set: { sendingUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
    { returnDocument: 'after', lean: true },
  );
  if (!link) return undefined;
  const staff = await findStaffById(link.staffId.toString());
  if (!staff || staff.disabledAt) return undefined;
  return {
    token: loginLinkToken(secret, linkId, link.salt),
    expiresAt: link.expiresAt,
    staff: { name: staff.name, email: staff.email },
  };
}

export async function markLoginLinkSent(linkId: string, now: Date): Promise<void> {
  await LoginLink.updateOne({ _id: linkId }, { $set: { sentAt: now }, $unset: { sendingUntil: '' } });
}

export async function releaseLoginLink(linkId: string): Promise<void> {
  await LoginLink.updateOne({ _id: linkId }, { $unset: { sendingUntil: '' } });
}

/**
 * Links stored more than `graceMs` ago and still unsent, unused, unexpired and not being sent: their
 * e-mail job was lost (Redis down or wiped). The sweeper enqueues them again.
 */
export async function unsentLoginLinks(
  now: Date,
  graceMs: number,
  limit = 200,
): Promise<Array<{ id: string; attempts: number }>> {
  const links = await LoginLink.find(
    {
      sentAt: null,
      usedAt: null,
      expiresAt: { $gt: now },
      createdAt: { $lte: new Date(now.getTime() - graceMs) },
      ...leaseIsFree(now),
    },
    { _id: 1, attempts: 1 },
  )
    .limit(limit)
    .lean();
  return links.map((link) => ({ id: link._id.toString(), attempts: link.attempts ?? 0 }));
}

/** Ends every unused login link of one staff member (the account was locked). */
export async function expireLoginLinksOf(staffId: string, now: Date): Promise<number> {
  const result = await LoginLink.updateMany(
    { staffId, usedAt: null, expiresAt: { $gt: now } },
    { $set: { expiresAt: now } },
  );
  return result.modifiedCount;
}
