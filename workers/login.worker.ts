import type { Job } from 'bullmq';
import { z } from 'zod';
import { sendLoginLinkMail } from '../shared/staff/login-link-mail.js';
import { createQueueWorker } from './queue-worker.js';
import type { WorkerContext } from './worker-context.js';

const LoginJobSchema = z.strictObject({ linkId: z.string().regex(/^[0-9a-f]{24}$/) });

/** The queue door of dashboard login e-mails (shared/staff/login-link-mail.ts). */
export function createLoginWorker(ctx: WorkerContext) {
  return createQueueWorker(ctx, 'login', async (job: Job<unknown>) => {
    const { linkId } = LoginJobSchema.parse(job.data);
    const { outcome } = await sendLoginLinkMail(ctx, linkId);
    return outcome === 'sent' ? 'sent' : 'skipped';
  });
}
