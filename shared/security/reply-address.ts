import { createHmac } from 'node:crypto';
import { safeEqual } from './tokens.js';

/**
 * The per-assignment reply address (`tra-loi+<token>@…`): a unit pressing "Reply" writes to it, and
 * the inbound-mail worker finds the assignment from it, never from the sender. Like the answer link
 * its token is an HMAC of the ticket, the assignment number and the assignment's salt, so it is
 * re-derivable for every e-mail of the assignment and withdrawn with it (a reassignment changes the
 * number and the salt). It is a different HMAC from the link's: the address travels in headers and
 * mail logs and must not open the answer page.
 *
 * The token names its ticket and assignment in clear (`<ticketId>-<no>-<mac>`) because mail systems
 * may change the case of an address: everything is lower-case hex and digits, and the whole local
 * part stays within the 64 characters SMTP allows.
 */
const MAC_HEX_LENGTH = 24;
const TOKEN_SHAPE = /^([0-9a-f]{24})-([1-9][0-9]{0,5})-([0-9a-f]{24})$/;

export interface ReplyTokenParts {
  ticketId: string;
  assignmentNo: number;
  mac: string;
}

function replyMac(secret: string, ticketId: string, assignmentNo: number, salt: string): string {
  return createHmac('sha256', secret)
    .update(`reply:${ticketId}:${assignmentNo}:${salt}`, 'utf8')
    .digest('hex')
    .slice(0, MAC_HEX_LENGTH);
}

export function replyToken(secret: string, ticketId: string, assignmentNo: number, salt: string): string {
  return `${ticketId}-${assignmentNo}-${replyMac(secret, ticketId, assignmentNo, salt)}`;
}

/** `base` is MAIL_REPLY_ADDRESS (`tra-loi@so-vhttdl.example.gov.vn`); the token goes after a `+`. */
export function replyAddress(base: string, token: string): string {
  const at = base.lastIndexOf('@');
  return `${base.slice(0, at)}+${token}@${base.slice(at + 1)}`;
}

/** The token of an address written to `base` with one, else undefined (any case, any display name stripped). */
export function replyTokenOf(base: string, address: string): string | undefined {
  const at = base.lastIndexOf('@');
  const local = base.slice(0, at).toLowerCase();
  const domain = base.slice(at + 1).toLowerCase();
  const candidate = address.trim().toLowerCase();
  const candidateAt = candidate.lastIndexOf('@');
  if (candidateAt < 0 || candidate.slice(candidateAt + 1) !== domain) return undefined;
  const candidateLocal = candidate.slice(0, candidateAt);
  if (!candidateLocal.startsWith(`${local}+`)) return undefined;
  return candidateLocal.slice(local.length + 1);
}

/** The ticket and assignment a token claims; whether it is genuine needs the salt (verifyReplyToken). */
export function parseReplyToken(token: string): ReplyTokenParts | undefined {
  const match = TOKEN_SHAPE.exec(token);
  if (!match) return undefined;
  return { ticketId: match[1] ?? '', assignmentNo: Number(match[2]), mac: match[3] ?? '' };
}

export function verifyReplyToken(secret: string, parts: ReplyTokenParts, salt: string): boolean {
  return safeEqual(parts.mac, replyMac(secret, parts.ticketId, parts.assignmentNo, salt));
}
