import { AppError } from '../errors/app-error.js';
import { hashToken } from '../security/tokens.js';
import { supportIsOpen, type SupportRecord } from '../tickets/co-handling.js';
import { findTicketBySupportLinkHash, type StoredTicket } from '../tickets/repository/ticket-repository.js';

/** Supporting-link tokens have the answer link's shape: base64url HMAC-SHA256, 43 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface LinkedSupport {
  ticket: StoredTicket;
  ticketId: string;
  tokenHash: string;
  support: SupportRecord;
}

export function supportsOf(ticket: StoredTicket): SupportRecord[] {
  return (ticket.supports ?? []) as unknown as SupportRecord[];
}

/** Whether the first path segment is a supporting link (current or withdrawn): the guessing limiter lets it through. */
export async function isKnownSupportLinkPath(path: string): Promise<boolean> {
  const token = path.split('/')[1] ?? '';
  return TOKEN_SHAPE.test(token) && (await findTicketBySupportLinkHash(hashToken(token))) !== null;
}

/**
 * The ticket a supporting link opens, while it is open: unknown → 404; withdrawn (the lead answered,
 * the ticket was reassigned, reopened or closed) or expired → 410, saying nothing about the ticket.
 */
export async function resolveSupportLink(token: string, now: Date): Promise<LinkedSupport> {
  if (!TOKEN_SHAPE.test(token)) throw new AppError(404, 'LINK_NOT_FOUND');
  const tokenHash = hashToken(token);
  const ticket = await findTicketBySupportLinkHash(tokenHash);
  const support = ticket ? supportsOf(ticket).find((item) => item.tokenHash === tokenHash) : undefined;
  if (!ticket || !support) throw new AppError(404, 'LINK_NOT_FOUND');
  if (!supportIsOpen(ticket, support)) throw new AppError(410, 'SUPPORT_LINK_WITHDRAWN');
  if (now.getTime() > support.tokenExpiresAt.getTime()) throw new AppError(410, 'LINK_EXPIRED');
  return { ticket, ticketId: ticket._id.toString(), tokenHash, support };
}
