import { createHash } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type winston from 'winston';
import type { Config } from '../../config/env.js';
import { checkAttachments, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../answering/attachment-check.js';
import { ANSWER_TEXT_MAX, recordAnswer } from '../answering/record-answer.js';
import type { UnitActionDeps } from '../answering/unit-action.js';
import { AppError } from '../errors/app-error.js';
import { mailDomainOf } from '../mail/outbox.js';
import { metrics } from '../metrics/metrics.js';
import { cleanSingleLineText } from '../text/clean-text.js';
import { automaticKind } from './automatic-mail.js';
import { markReplySent, replyAlreadySent } from './inbound-claims.js';
import type { InboundMessage } from './inbound-message.js';
import type { Folder } from './mailbox.js';
import { refusalMailVi, type RefusalReason } from './reply-messages-vi.js';
import { resolveReplyAddress } from './resolve-reply-address.js';
import { stripQuotedReply } from './strip-reply.js';

export interface ReplyDeps extends UnitActionDeps {
  config: UnitActionDeps['config'] & Pick<Config, 'MAIL_FROM' | 'MAIL_REPLY_ADDRESS'>;
  mail: Transporter;
  log: winston.Logger;
}

export interface ReplyResult {
  outcome: 'answered' | 'automatic' | RefusalReason;
  folder: Folder;
  ticketId?: string;
}

/** Kept with the answer so the Office Chief sees what arrived; longer originals are cut. */
const ORIGINAL_MAX = 20_000;

/** The answer event's form id: the same message seen again (a copy, a crashed worker) is a repeat, not a second answer. */
function formIdOf(key: string): string {
  return `mail-${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`;
}

type Checked = { text: string; files: ReturnType<typeof checkAttachments> } | { refusal: RefusalReason };

/** The answer page's rules, applied to what the e-mail says once quoted history and signature are gone. */
function checkContent(message: InboundMessage): Checked {
  const text = stripQuotedReply(message.text);
  if (text === '') return { refusal: 'empty' };
  if (text.length > ANSWER_TEXT_MAX) return { refusal: 'too_long' };
  if (message.files.length > MAX_ATTACHMENTS) return { refusal: 'attachments' };
  if (message.files.some((file) => file.buffer.length > MAX_ATTACHMENT_BYTES))
    return { refusal: 'attachments' };
  try {
    return { text, files: checkAttachments(message.files) };
  } catch (error) {
    if (error instanceof AppError) return { refusal: 'attachments' };
    throw error;
  }
}

const REFUSED_BY_CODE: Record<string, RefusalReason> = {
  TICKET_ALREADY_ANSWERED: 'answered_before',
  LINK_REVOKED: 'withdrawn',
  LINK_CLOSED: 'withdrawn',
  LINK_NOT_FOUND: 'unknown',
  CONFLICT: 'conflict',
};

/**
 * One message from the replies' mailbox (already claimed under `key`): recorded as the unit's
 * answer through the answer page's own use case, or refused and explained to the sender in one
 * short e-mail, or, written by a machine, only put aside. Throws only what a retry may cure
 * (MongoDB, SMTP): the claim is then given back and the message stays where it is.
 */
export async function handleReply(
  deps: ReplyDeps,
  message: InboundMessage,
  key: string,
): Promise<ReplyResult> {
  const result = await decide(deps, message, key);
  metrics.inboundMails.inc({ outcome: result.outcome });
  return result;
}

async function decide(deps: ReplyDeps, message: InboundMessage, key: string): Promise<ReplyResult> {
  const replyBase = deps.config.MAIL_REPLY_ADDRESS;
  if (!replyBase) throw new Error('MAIL_REPLY_ADDRESS is required to read replies');
  if (automaticKind(message)) return { outcome: 'automatic', folder: 'review' };

  const now = deps.clock();
  const linked = await resolveReplyAddress(
    { LINK_SECRET: deps.config.LINK_SECRET, MAIL_REPLY_ADDRESS: replyBase },
    message.recipients,
    now,
  );
  if (typeof linked === 'string') return refuse(deps, message, key, linked);

  const content = checkContent(message);
  if ('refusal' in content)
    return refuse(deps, message, key, content.refusal, linked.ticketId, linked.ticket.code);
  const responderName = cleanSingleLineText(message.fromName || message.from).slice(0, 120);
  try {
    await recordAnswer(
      deps,
      linked,
      { text: content.text, responderName, responderPosition: '', formId: formIdOf(key) },
      content.files,
      {
        answer: {
          via: 'email',
          email: {
            from: message.from,
            fromName: message.fromName,
            subject: message.subject,
            messageId: message.messageId,
            sentAt: message.date,
            original: message.text.slice(0, ORIGINAL_MAX),
          },
        },
        event: { via: 'email' },
      },
    );
  } catch (error) {
    const reason = error instanceof AppError ? REFUSED_BY_CODE[error.code] : undefined;
    if (!reason) throw error;
    return refuse(deps, message, key, reason, linked.ticketId, linked.ticket.code);
  }
  deps.log.info('answer recorded from an e-mail', { ticketCode: linked.ticket.code });
  return { outcome: 'answered', folder: 'processed', ticketId: linked.ticketId };
}

/** Never written back to: no sender, or one of our own addresses (a loop). */
function canWriteBackTo(deps: ReplyDeps, address: string): boolean {
  if (!address.includes('@')) return false;
  const own = [deps.config.MAIL_FROM, deps.config.MAIL_REPLY_ADDRESS ?? '']
    .map((value) => (/<([^>]+)>/.exec(value)?.[1] ?? value).trim().toLowerCase())
    .filter(Boolean);
  const [local = '', domain = ''] = address.toLowerCase().split('@');
  return !own.some((mine) => {
    const [ownLocal = '', ownDomain = ''] = mine.split('@');
    return domain === ownDomain && (local === ownLocal || local.startsWith(`${ownLocal}+`));
  });
}

async function refuse(
  deps: ReplyDeps,
  message: InboundMessage,
  key: string,
  reason: RefusalReason,
  ticketId?: string,
  ticketCode?: string,
): Promise<ReplyResult> {
  deps.log.info('e-mailed reply not recorded', { reason, ...(ticketCode ? { ticketCode } : {}) });
  const to = message.replyTo;
  if (canWriteBackTo(deps, to) && !(await replyAlreadySent(key))) {
    const mail = refusalMailVi(reason, message.subject, ticketCode);
    const id = createHash('sha256').update(key).digest('hex').slice(0, 32);
    await deps.mail.sendMail({
      from: deps.config.MAIL_FROM,
      to,
      subject: mail.subject,
      text: mail.text,
      // The same Message-ID on a resend (a worker died before recording it) lets mail clients tell a repeat.
      messageId: `<refusal.${id}@${mailDomainOf(deps.config.PUBLIC_BASE_URL)}>`,
      ...(message.messageId
        ? { inReplyTo: `<${message.messageId}>`, references: [`<${message.messageId}>`] }
        : {}),
      // RFC 3834: an automatic answer, so the sender's own robots do not answer it back.
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
    });
    await markReplySent(key, deps.clock());
  }
  return { outcome: reason, folder: 'review', ...(ticketId ? { ticketId } : {}) };
}
