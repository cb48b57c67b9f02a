import { hashToken, signToken } from './tokens.js';

/**
 * A supporting unit's link (co-handling) is made like the answer link: an HMAC of the ticket, the
 * support's number and a random per-support salt, never stored (MongoDB keeps its sha256 in
 * `supports[].tokenHash`), re-derivable for a resent e-mail. Its own prefix keeps it from ever being
 * taken for an answer link.
 */
export function supportLinkToken(secret: string, ticketId: string, supportNo: number, salt: string): string {
  return signToken(secret, `support:${ticketId}:${supportNo}:${salt}`);
}

export function supportLinkTokenHash(
  secret: string,
  ticketId: string,
  supportNo: number,
  salt: string,
): string {
  return hashToken(supportLinkToken(secret, ticketId, supportNo, salt));
}

export function supportLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/answer/support/${token}`;
}
