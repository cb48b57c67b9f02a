import { DelayedError, type Job } from 'bullmq';
import { z } from 'zod';
import { sendTicketMail } from '../shared/mail/ticket-mail.js';
import { createQueueWorker } from './queue-worker.js';
import type { WorkerContext } from './worker-context.js';

const MailJobSchema = z.strictObject({
  ticketId: z.string().regex(/^[0-9a-f]{24}$/),
  key: z.string().min(1).max(80),
});

/** The queue door of a ticket's outbox e-mails: one job, one leased send (shared/mail/ticket-mail.ts). */
export function createNotifyWorker(ctx: WorkerContext) {
  return createQueueWorker(ctx, 'notify', async (job: Job<unknown>, token?: string) => {
    const { ticketId, key } = MailJobSchema.parse(job.data);
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const result = await sendTicketMail(ctx, { ticketId, key, final });
    if (result.outcome !== 'deferred') return result.outcome;
    // Quiet hours: the message was handed back; the job sleeps until the next office opening.
    if (!token) return 'skipped';
    await job.moveToDelayed(result.until.getTime(), token);
    throw new DelayedError();
  });
}
