import type { Config } from '../../config/env.js';
import { replyAddress, replyToken } from '../security/reply-address.js';

/** E-mails that ask a unit for its answer: a reply to them is the answer (issue 20). */
const ASKS_FOR_ANSWER = new Set(['assign', 'remind', 'overdue']);

export interface UnitReplyHeaders {
  replyTo?: string;
  inReplyTo?: string;
  references?: string[];
}

/**
 * `Reply-To` with the assignment's own reply address, and the thread: a reminder or an overdue notice
 * answers the assignment e-mail, so mail clients show the three as one conversation. A message written
 * for an earlier assignment (sent late, after a reassignment) gets no reply address: it would be refused.
 */
export function unitReplyHeaders(
  config: Pick<Config, 'LINK_SECRET' | 'MAIL_REPLY_ADDRESS'>,
  ticket: {
    _id: { toString(): string };
    assignment?: { no: number; tokenSalt: string; revokedAt?: Date | null } | null;
    outbox?: Array<{ key: string; messageId: string }>;
  },
  mail: { kind: string; data?: unknown },
): UnitReplyHeaders {
  const assignment = ticket.assignment;
  const data = (mail.data ?? {}) as { assignmentNo?: unknown };
  if (!ASKS_FOR_ANSWER.has(mail.kind) || !assignment || data.assignmentNo !== assignment.no) return {};
  const headers: UnitReplyHeaders = {};
  if (config.MAIL_REPLY_ADDRESS && !assignment.revokedAt) {
    const token = replyToken(config.LINK_SECRET, ticket._id.toString(), assignment.no, assignment.tokenSalt);
    headers.replyTo = replyAddress(config.MAIL_REPLY_ADDRESS, token);
  }
  const root = ticket.outbox?.find((entry) => entry.key === `assign-${assignment.no}`);
  if (mail.kind !== 'assign' && root) {
    headers.inReplyTo = `<${root.messageId}>`;
    headers.references = [`<${root.messageId}>`];
  }
  return headers;
}
