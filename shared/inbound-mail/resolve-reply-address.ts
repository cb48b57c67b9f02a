import { findTicketById } from '../tickets/repository/ticket-repository.js';
import type { LinkedTicket } from '../answering/resolve-answer-link.js';
import { parseReplyToken, replyTokenOf, verifyReplyToken } from '../security/reply-address.js';

export type UnresolvedReply = 'unknown' | 'withdrawn';

/**
 * The assignment a reply was written to, found only from the reply address it was sent to (never
 * from who sent it) and only while that assignment is current: the same rules as the answer link.
 */
export async function resolveReplyAddress(
  config: { LINK_SECRET: string; MAIL_REPLY_ADDRESS: string },
  recipients: string[],
  now: Date,
): Promise<LinkedTicket | UnresolvedReply> {
  const tokens = recipients.flatMap((address) => replyTokenOf(config.MAIL_REPLY_ADDRESS, address) ?? []);
  let verdict: UnresolvedReply = 'unknown';
  for (const token of new Set(tokens)) {
    const parts = parseReplyToken(token);
    if (!parts) continue;
    const ticket = await findTicketById(parts.ticketId);
    const assignment = ticket?.assignment;
    if (!ticket || !assignment) continue;
    // An earlier assignment's salt is gone, so its address cannot be verified: all it can be told is
    // that the ticket is no longer waiting for it, which says nothing a sender could use.
    if (assignment.no !== parts.assignmentNo) {
      if (parts.assignmentNo < assignment.no) verdict = 'withdrawn';
      continue;
    }
    if (!verifyReplyToken(config.LINK_SECRET, parts, assignment.tokenSalt)) continue;
    if (assignment.revokedAt || now.getTime() > assignment.tokenExpiresAt.getTime()) {
      verdict = 'withdrawn';
      continue;
    }
    return { ticket, ticketId: ticket._id.toString(), tokenHash: assignment.tokenHash, assignment };
  }
  return verdict;
}
