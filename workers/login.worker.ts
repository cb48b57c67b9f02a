import type { Job } from 'bullmq';
import { z } from 'zod';
import { renderMail } from '../shared/mail/render-mail.js';
import { metrics } from '../shared/metrics/metrics.js';
import { mailDomainOf } from '../shared/mail/outbox.js';
import {
  claimLoginLinkForSending,
  loginLinkUrl,
  markLoginLinkSent,
  releaseLoginLink,
} from '../shared/staff/login-links.js';
import { createQueueWorker } from './queue-worker.js';
import type { WorkerContext } from './worker-context.js';

export const LoginJobSchema = z.strictObject({ linkId: z.string().regex(/^[0-9a-f]{24}$/) });

/**
 * Longer than one send can take with the transport's timeouts (shared/mail/transport.ts), so the
 * sweeper never hands a link still being sent to another worker.
 */
const SEND_LEASE_MS = 3 * 60_000;

/**
 * E-mails a dashboard login link. The job carries the link's id only; the token is re-derived here
 * from its stored salt. Nothing is sent for a link already sent, used or expired, and the
 * Message-ID is the same on every attempt, so a retry is recognisable as the same message.
 */
export async function sendLoginLink(ctx: WorkerContext, linkId: string): Promise<'sent' | 'skipped'> {
  const now = ctx.clock();
  const link = await claimLoginLinkForSending(ctx.config.LINK_SECRET, linkId, now, SEND_LEASE_MS);
  if (!link) return 'skipped';
  const rendered = renderMail('login_link', {
    staff: link.staff,
    url: loginLinkUrl(ctx.config.PUBLIC_BASE_URL, link.token),
    expiresAt: link.expiresAt,
    department: ctx.domain.table.department,
  });
  try {
    await ctx.mail.sendMail({
      from: ctx.config.MAIL_FROM,
      to: link.staff.email,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId: `<login-${linkId}@${mailDomainOf(ctx.config.PUBLIC_BASE_URL)}>`,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  } catch (error) {
    metrics.emailSendFailures.inc({ kind: 'login_link' });
    await releaseLoginLink(linkId);
    throw error;
  }
  metrics.emailsSent.inc({ kind: 'login_link' });
  await markLoginLinkSent(linkId, ctx.clock());
  return 'sent';
}

export function createLoginWorker(ctx: WorkerContext) {
  return createQueueWorker(ctx, 'login', async (job: Job<unknown>) => {
    const { linkId } = LoginJobSchema.parse(job.data);
    return sendLoginLink(ctx, linkId);
  });
}
