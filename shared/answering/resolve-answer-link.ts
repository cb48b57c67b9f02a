import { AppError } from '../errors/app-error.js';
import { hashToken } from '../security/tokens.js';
import type { StoredTicket } from '../tickets/ticket-store.js';
import { findTicketByCurrentLinkHash, isPastLinkHash } from './answer-tickets.js';

/** Answer-link tokens are base64url HMAC-SHA256 values: 43 characters. Anything else is refused unread. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface LinkedTicket {
  ticket: StoredTicket;
  ticketId: string;
  tokenHash: string;
  assignment: NonNullable<StoredTicket['assignment']>;
}

/**
 * The ticket an answer link opens, and only while its assignment is current: unknown → 404,
 * revoked (the ticket was reassigned, or closed without an answer) or expired → 410. The error says
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
  if (assignment.revokedAt)
    throw new AppError(410, ticket.status === 'closed' ? 'LINK_CLOSED' : 'LINK_REVOKED');
  if (now.getTime() > assignment.tokenExpiresAt.getTime()) throw new AppError(410, 'LINK_EXPIRED');
  return { ticket, ticketId: ticket._id.toString(), tokenHash, assignment };
}
