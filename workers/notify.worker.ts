import { DelayedError, type Job } from 'bullmq';
import { z } from 'zod';
import { Ticket } from '../shared/db/models/ticket.model.js';
import { metrics } from '../shared/metrics/metrics.js';
import { buildMailContext, type MailTicket } from '../shared/mail/mail-context.js';
import { mailDomainOf, outboxMail } from '../shared/mail/outbox.js';
import { renderMail } from '../shared/mail/render-mail.js';
import { unitReplyHeaders } from '../shared/mail/unit-reply-headers.js';
import { enqueueMail } from '../shared/queue/enqueue.js';
import { createQueueWorker } from './queue-worker.js';
import type { WorkerContext } from './worker-context.js';

const MailJobSchema = z.strictObject({ ticketId: z.string().regex(/^[0-9a-f]{24}$/), key: z.string().min(1).max(80) });

/** How long a worker holds a message before another may try it (a crashed sender's lease runs out). */
const SEND_LEASE_MS = 2 * 60_000;
/** How long a sent message's record is retried before the job fails (and the lease may expire). */
const RECORD_SENT_WITHIN_MS = SEND_LEASE_MS / 2;

const KIND_LABELS: Record<string, string> = {
  assign: 'Chuyển phiếu cho đơn vị',
  remind: 'Nhắc hạn',
  overdue: 'Thông báo quá hạn',
  escalate: 'Báo cáo quá hạn',
};

type SendOutcome = 'sent' | 'skipped' | 'failed';

/**
 * Sends one outbox e-mail at most once: a lease guards against two workers sending together,
 * `sentAt` is recorded only after the SMTP server accepted the message, and the Message-ID is the
 * same on every attempt so a resend after a crash is recognisable as the same message.
 */
export async function sendOutboxMail(ctx: WorkerContext, job: Job<unknown>, token?: string): Promise<SendOutcome> {
  const { ticketId, key } = MailJobSchema.parse(job.data);
  const now = ctx.clock();
  const claimed = await Ticket.findOneAndUpdate(
    {
      _id: ticketId,
      outbox: {
        $elemMatch: {
          key,
          sentAt: null,
          failedAt: null,
          $or: [{ sendingUntil: null }, { sendingUntil: { $lte: now } }],
        },
      },
    },
    { $set: { 'outbox.$[m].sendingUntil': new Date(now.getTime() + SEND_LEASE_MS) }, $inc: { 'outbox.$[m].attempts': 1 } },
    { arrayFilters: [{ 'm.key': key }], returnDocument: 'after', lean: true },
  );
  const mail = claimed?.outbox.find((item) => item.key === key);
  if (!claimed || !mail) return 'skipped';

  if (mail.notBefore.getTime() > now.getTime() + 1000) {
    // Quiet hours: hand the message back and wake up at the next office opening.
    await releaseLease(ticketId, key);
    if (token) {
      await job.moveToDelayed(mail.notBefore.getTime(), token);
      throw new DelayedError();
    }
    return 'skipped';
  }

  try {
    const rendered = renderMail(mail.kind, buildMailContext(ctx.domain, ctx.config, claimed as unknown as MailTicket, mail, now));
    await ctx.mail.sendMail({
      from: ctx.config.MAIL_FROM,
      to: mail.to,
      cc: mail.cc,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId: `<${mail.messageId}>`,
      ...unitReplyHeaders(ctx.config, claimed, mail),
      headers: { 'X-Hotline-Ticket': claimed.code, 'Auto-Submitted': 'auto-generated' },
    });
  } catch (error) {
    metrics.emailSendFailures.inc({ kind: mail.kind });
    const message = error instanceof Error ? error.message : String(error);
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await recordFailure(ctx, ticketId, claimed.code, mail, message, final);
    if (final) return 'failed';
    throw error;
  }
  metrics.emailsSent.inc({ kind: mail.kind });
  await recordSent(ctx, ticketId, claimed.code, key, mail.kind);
  return 'sent';
}

/**
 * Records that the SMTP server accepted the message, retrying through a short MongoDB outage: if
 * this write failed at once, the lease would run out and the message would be sent a second time
 * (seen in the fault suite, test/faults/mongo-outage.test.ts). Gives up well inside the lease.
 */
async function recordSent(ctx: WorkerContext, ticketId: string, ticketCode: string, key: string, kind: string): Promise<void> {
  const giveUpAt = Date.now() + RECORD_SENT_WITHIN_MS;
  for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
    try {
      await Ticket.updateOne(
        { _id: ticketId },
        {
          $set: { 'outbox.$[m].sentAt': ctx.clock() },
          $unset: { 'outbox.$[m].sendingUntil': '', 'outbox.$[m].lastError': '' },
          $push: { events: { at: ctx.clock(), type: 'mail_sent', actor: { kind: 'system', name: 'notify' }, data: { key, kind } } },
        },
        { arrayFilters: [{ 'm.key': key }] },
      );
      return;
    } catch (error) {
      if (Date.now() + delay > giveUpAt) throw error;
      ctx.log.warn('e-mail sent but not yet recorded; retrying', { ticketCode, key, error: error instanceof Error ? error.message : String(error) });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

async function releaseLease(ticketId: string, key: string): Promise<void> {
  await Ticket.updateOne({ _id: ticketId }, { $unset: { 'outbox.$[m].sendingUntil': '' } }, { arrayFilters: [{ 'm.key': key }] });
}

/** Records an SMTP failure; after the last attempt marks the message failed and alerts the Office Chief. */
async function recordFailure(
  ctx: WorkerContext,
  ticketId: string,
  ticketCode: string,
  mail: { key: string; kind: string; to: string[]; attempts: number },
  message: string,
  final: boolean,
): Promise<void> {
  const now = ctx.clock();
  ctx.log.warn('e-mail not accepted', { ticketCode, key: mail.key, attempt: mail.attempts, final, error: message });
  if (!final) {
    await Ticket.updateOne(
      { _id: ticketId },
      { $set: { 'outbox.$[m].lastError': message.slice(0, 500) }, $unset: { 'outbox.$[m].sendingUntil': '' } },
      { arrayFilters: [{ 'm.key': mail.key }] },
    );
    return;
  }
  // An alert about a failed alert would loop; that one is only recorded.
  const alert =
    mail.kind === 'mail_failed'
      ? undefined
      : outboxMail({
          ticketId,
          key: `mail-failed-${mail.key}`,
          kind: 'mail_failed',
          to: [ctx.domain.officialEmail('officeChief')],
          now,
          mailDomain: mailDomainOf(ctx.config.PUBLIC_BASE_URL),
          data: {
            officials: ['officeChief'],
            failedKindLabel: KIND_LABELS[mail.kind] ?? mail.kind,
            failedTo: mail.to,
            attempts: mail.attempts,
          },
        });
  await Ticket.updateOne(
    { _id: ticketId },
    {
      $set: { 'outbox.$[m].failedAt': now, 'outbox.$[m].lastError': message.slice(0, 500) },
      $unset: { 'outbox.$[m].sendingUntil': '' },
      $push: {
        events: { at: now, type: 'mail_failed', actor: { kind: 'system', name: 'notify' }, data: { key: mail.key, kind: mail.kind } },
        ...(alert ? { outbox: alert } : {}),
      },
    },
    { arrayFilters: [{ 'm.key': mail.key }] },
  );
  if (alert) await enqueueMail(ctx.queues, ticketId, alert.key, alert.notBefore, { now });
}

export function createNotifyWorker(ctx: WorkerContext) {
  return createQueueWorker(ctx, 'notify', (job: Job<unknown>, token?: string) => sendOutboxMail(ctx, job, token));
}
