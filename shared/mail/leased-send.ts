import type { Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailKind } from '../tickets/lifecycle.js';
import { metrics } from '../metrics/metrics.js';
import type { RenderedMail } from './render-mail.js';
import type { SentWitness } from './sent-witness.js';

/**
 * One way to send every message the service owes (a ticket's outbox, a login link, the daily digest,
 * and the citizen's SMS notices through the same mechanism): at least once, never by two senders at once. The record of what is owed lives in MongoDB; a
 * sender first takes a lease on it (`sendingUntil`), so a second worker or a sweeper's duplicate job
 * finds it taken, and a crashed sender's lease runs out for another to try. `sentAt` is written only
 * after the SMTP server accepted the message, and the Message-ID is fixed per message, so a resend
 * after a crash is recognisable as the same message.
 */

/** The lease condition, the same for every kind: no sender holds it, or its sender's lease ran out. */
export function leaseIsFree(now: Date): { $or: Array<Record<string, unknown>> } {
  return { $or: [{ sendingUntil: null }, { sendingUntil: { $lte: now } }] };
}

export interface OutgoingMail extends RenderedMail {
  to: string | string[];
  cc?: string[];
  /** Without the angle brackets; the same on every attempt. */
  messageId: string;
  headers?: Record<string, string>;
  /** Where a reply goes (a unit's per-assignment reply address, issue 20). */
  replyTo?: string;
  /** The thread a message continues: a reminder answers its assignment e-mail. */
  inReplyTo?: string;
  references?: string[];
}

/**
 * What one kind of message plugs into the mechanism. `C` is what its claim returns, `M` the message
 * it composes (an e-mail, or an SMS notice: shared/notices/); `messageId` is fixed per message.
 */
export interface LeasedMessage<C, M extends { messageId: string }> {
  /** The kind, as counted in `emails_sent_total{kind}` (a ticket's outbox holds many kinds). */
  kindOf(claimed: C): MailKind | string;
  /** How long a claim holds the lease: longer than one send can take (shared/mail/transport.ts). */
  leaseMs: number;
  /** Takes the lease; null when nothing is owed (sent, failed, expired, or another sender holds it). */
  claim(): Promise<C | null>;
  /** Not yet (quiet hours): the lease is given back and the message waits until then. */
  notBefore?(claimed: C): Date | undefined;
  /** Gives the lease back without sending. */
  release(claimed: C): Promise<void>;
  /** The message; may read more (the digest's numbers). A failure here counts as a failed send. */
  compose(claimed: C): Promise<M> | M;
  /** Records that the SMTP server (the SMS gateway) accepted it. */
  recordSent(claimed: C): Promise<void>;
  /** Told when recording `sentAt` failed and is about to be tried again. */
  onRecordRetry?(claimed: C, error: unknown): void;
  /** Records a failed attempt (the lease given back); `final` when no retry will follow. */
  recordFailure(claimed: C, error: string): Promise<'retry' | 'final'>;
}

/** An e-mail under the lease. */
export type LeasedMail<C> = LeasedMessage<C, OutgoingMail>;

/** How a composed message leaves, and what it counts in: SMTP for e-mail, the SMS gateway for SMS. */
export interface MessageChannel<M> {
  /** Resolves once the server accepted the message; throws otherwise. */
  deliver(message: M): Promise<void>;
  countSent(kind: string, message: M): void;
  /** `message` is undefined when composing it failed. */
  countFailure(kind: string, message: M | undefined): void;
}

/** SMTP envelope of a message sent raw: the sender, and every To and Cc address. */
function envelopeOf(options: { from: string; to: string | string[]; cc?: string[] }): {
  from: string;
  to: string[];
} {
  const addresses = (value: string | string[] | undefined): string[] =>
    (Array.isArray(value) ? value : value ? [value] : [])
      .flatMap((entry) => addressparser(entry, { flatten: true }))
      .map((parsed) => parsed.address)
      .filter((address): address is string => Boolean(address));
  return {
    from: addresses(options.from)[0] ?? options.from,
    to: [...addresses(options.to), ...addresses(options.cc)],
  };
}

export type LeasedSendOutcome =
  { outcome: 'sent' } | { outcome: 'skipped' } | { outcome: 'deferred'; until: Date } | { outcome: 'failed' };

/** Applies `fn` until it succeeds or `withinMs` passes, doubling the pause from 250 ms up to 5 s. */
async function retryWithin(
  withinMs: number,
  fn: () => Promise<void>,
  onRetry: (error: unknown) => void,
): Promise<void> {
  const giveUpAt = Date.now() + withinMs;
  for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
    try {
      await fn();
      return;
    } catch (error) {
      if (Date.now() + delay > giveUpAt) throw error;
      onRetry(error);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Records `sentAt`, retried for up to half the lease through a short MongoDB outage. */
function recordSentWithin<C, M extends { messageId: string }>(
  mail: LeasedMessage<C, M>,
  claimed: C,
): Promise<void> {
  return retryWithin(
    mail.leaseMs / 2,
    () => mail.recordSent(claimed),
    (error) => mail.onRecordRetry?.(claimed, error),
  );
}

/** The SMTP channel: the message built in memory and handed over whole, counted as e-mail. */
export function smtpChannel(transport: Transporter, from: string): MessageChannel<OutgoingMail> {
  return {
    async deliver(message) {
      const options = {
        from,
        to: message.to,
        cc: message.cc,
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: `<${message.messageId}>`,
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
        ...(message.references ? { references: message.references } : {}),
        headers: { ...message.headers, 'Auto-Submitted': 'auto-generated' },
      };
      // Built in memory, then handed over whole: streamed, nodemailer wrote the message to the socket
      // in dozens of small pieces (one write call each), the largest CPU cost of the notify worker in
      // `npm run bench` (issue 21). The bytes sent are the same.
      const raw = await new MailComposer(options).compile().build();
      await transport.sendMail({ envelope: envelopeOf(options), raw });
    },
    countSent: (kind) => metrics.emailsSent.inc({ kind }),
    countFailure: (kind) => metrics.emailSendFailures.inc({ kind }),
  };
}

/**
 * Claims, composes, sends and records one e-mail. A failed attempt that will be retried throws (the
 * queue retries it); the final one resolves `failed`. Once the SMTP server accepted the message, the
 * witness (shared/mail/sent-witness.ts) is told before MongoDB is: if recording `sentAt` fails for
 * longer than the lease, the next sender finds the witness and records the send instead of sending
 * the message a second time.
 */
export function sendUnderLease<C>(
  deps: { transport: Transporter; from: string; now: Date; witness?: SentWitness },
  mail: LeasedMail<C>,
): Promise<LeasedSendOutcome> {
  return deliverUnderLease(
    { now: deps.now, witness: deps.witness },
    smtpChannel(deps.transport, deps.from),
    mail,
  );
}

/**
 * The leased send itself, for any channel: claim, quiet hours, compose, ask the witness, deliver,
 * tell the witness, record. `sendUnderLease` is it with SMTP; an SMS notice uses it with the gateway
 * (shared/mail/ticket-mail.ts), so both have one lease, one witness and one retry rule.
 */
export async function deliverUnderLease<C, M extends { messageId: string }>(
  deps: { now: Date; witness?: SentWitness },
  channel: MessageChannel<M>,
  mail: LeasedMessage<C, M>,
): Promise<LeasedSendOutcome> {
  const claimed = await mail.claim();
  if (!claimed) return { outcome: 'skipped' };
  const notBefore = mail.notBefore?.(claimed);
  if (notBefore && notBefore.getTime() > deps.now.getTime() + 1000) {
    await mail.release(claimed);
    return { outcome: 'deferred', until: notBefore };
  }

  let message: M | undefined;
  let sentBefore: boolean;
  try {
    message = await mail.compose(claimed);
    sentBefore = (await deps.witness?.wasSent(message.messageId)) ?? false;
    if (!sentBefore) await channel.deliver(message);
  } catch (error) {
    channel.countFailure(mail.kindOf(claimed), message);
    const verdict = await mail.recordFailure(claimed, error instanceof Error ? error.message : String(error));
    if (verdict === 'final') return { outcome: 'failed' };
    throw error;
  }
  if (sentBefore) {
    // An earlier sender's server took it but its `sentAt` never reached MongoDB.
    await recordSentWithin(mail, claimed);
    return { outcome: 'sent' };
  }
  channel.countSent(mail.kindOf(claimed), message);
  await deps.witness?.markSent(message.messageId);
  await recordSentWithin(mail, claimed);
  return { outcome: 'sent' };
}
