import { hashToken, randomToken, signToken } from './tokens.js';

/**
 * The answer link is the unit's only credential. Its token is an HMAC of the ticket, the assignment
 * number and a random per-assignment salt: unguessable without LINK_SECRET, re-derivable for a resent
 * e-mail, and never stored; MongoDB keeps only its sha256 (`assignment.tokenHash`).
 */
export function newAnswerLinkSalt(): string {
  return randomToken(16);
}

export function answerLinkToken(secret: string, ticketId: string, assignmentNo: number, salt: string): string {
  return signToken(secret, `answer:${ticketId}:${assignmentNo}:${salt}`);
}

export function answerLinkTokenHash(secret: string, ticketId: string, assignmentNo: number, salt: string): string {
  return hashToken(answerLinkToken(secret, ticketId, assignmentNo, salt));
}

export function answerLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/answer/${token}`;
}
