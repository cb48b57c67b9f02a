import { AppError } from '../../shared/errors/app-error.js';
import { hashToken } from '../../shared/security/tokens.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import {
  findTicketByCurrentLinkHash,
  isKnownLinkHash,
  isPastLinkHash,
} from '../../shared/tickets/repository/ticket-repository.js';

/** Answer-link tokens are base64url HMAC-SHA256 values: 43 characters. Anything else is refused unread. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface LinkedTicket {
  ticket: StoredTicket;
  ticketId: string;
  tokenHash: string;
  assignment: NonNullable<StoredTicket['assignment']>;
}

/**
 * Whether the first path segment (`/<token>/…`) is a real link, current or not. The guessing limiter
 * lets real links through even when their office's shared address has been locked out by guesses
 * (issue 14, finding 8): a guess never finds one, so it is no way around the limit.
 */
export async function isKnownAnswerLinkPath(path: string): Promise<boolean> {
  const token = path.split('/')[1] ?? '';
  return TOKEN_SHAPE.test(token) && isKnownLinkHash(hashToken(token));
}

/**
 * The ticket an answer link opens, and only while its assignment is current: unknown → 404,
 * revoked (the ticket was reassigned or closed) or expired → 410. The error says
 * nothing about any ticket.
 */
export async function resolveAnswerLink(token: string, now: Date): Promise<LinkedTicket> {
  if (!TOKEN_SHAPE.test(token)) throw new AppError(404, 'LINK_NOT_FOUND');
  const tokenHash = hashToken(token);
  const ticket = await findTicketByCurrentLinkHash(tokenHash);
  const assignment = ticket?.assignment;
  if (!ticket || !assignment) {
    if (await isPastLinkHash(tokenHash)) throw new AppError(410, 'LINK_REVOKED');
    throw new AppError(404, 'LINK_NOT_FOUND');
  }
  // A closed ticket's link is withdrawn whichever path closed it (issue 14, finding 9): after the
  // call-back it would still show the citizen's phone and the attachments.
  if (ticket.status === 'closed') throw new AppError(410, 'LINK_CLOSED');
  if (assignment.revokedAt) throw new AppError(410, 'LINK_REVOKED');
  if (now.getTime() > assignment.tokenExpiresAt.getTime()) throw new AppError(410, 'LINK_EXPIRED');
  return { ticket, ticketId: ticket._id.toString(), tokenHash, assignment };
}
