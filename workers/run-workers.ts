import type { Worker } from 'bullmq';
import { metrics } from '../shared/metrics/metrics.js';
import { createDeadlineWorker } from './deadline.worker.js';
import { scheduleDigest } from '../shared/digest/send-daily-digest.js';
import { createDigestWorker } from './digest.worker.js';
import { startInboundMailReader, type InboundMailReader } from './inbound-mail.worker.js';
import { createLoginWorker } from './login.worker.js';
import { createNotifyWorker } from './notify.worker.js';
import { createRetentionWorker } from './retention.worker.js';
import { scheduleRetention } from '../shared/retention/schedule-retention.js';
import { createRouteWorker } from './route.worker.js';
import { createSweepWorker, scheduleSweep } from './sweep.worker.js';
import { createWebhookWorker } from './webhook.worker.js';
import type { WorkerContext } from './worker-context.js';

export interface RunningWorkers {
  workers: Worker[];
  /** The reader of units' e-mailed replies, when IMAP_URL is set. */
  inboundMail?: InboundMailReader;
  /** Stops taking jobs, lets active ones finish (unfinished ones return to the queue), closes connections. */
  close(): Promise<void>;
}

/** Starts one BullMQ worker per queue in this process, and makes sure the sweep schedule exists. */
export async function startWorkers(ctx: WorkerContext): Promise<RunningWorkers> {
  const workers: Worker[] = [
    createRouteWorker(ctx),
    createNotifyWorker(ctx),
    createDeadlineWorker(ctx),
    createSweepWorker(ctx),
    createWebhookWorker(ctx),
    createDigestWorker(ctx),
    createLoginWorker(ctx),
    createRetentionWorker(ctx),
  ];
  // Schedules live in Redis, so a Redis restarted empty (or FLUSHALL) loses them; re-asserting them
  // every interval (an idempotent upsert) is what lets the sweeper recover everything else, and the
  // daily digest go out.
  const schedules = [
    { name: 'sweep', register: scheduleSweep, warned: false },
    { name: 'digest', register: scheduleDigest, warned: false },
    { name: 'retention', register: scheduleRetention, warned: false },
  ];
  const ensureSchedule = async (): Promise<void> => {
    for (const schedule of schedules) {
      try {
        await schedule.register(ctx);
        schedule.warned = false;
      } catch (error) {
        if (!schedule.warned) {
          ctx.log.warn(`${schedule.name} schedule not registered (Redis unavailable?)`, {
            error: String(error),
          });
        }
        schedule.warned = true;
      }
    }
  };
  await ensureSchedule();
  const inboundMail = startInboundMailReader(ctx);
  const timer = setInterval(() => void ensureSchedule(), ctx.config.SWEEP_INTERVAL_SECONDS * 1000);
  timer.unref();
  return {
    workers,
    ...(inboundMail ? { inboundMail } : {}),
    close: async () => {
      clearInterval(timer);
      await inboundMail?.close();
      const active = (await metrics.workerJobsActive.get()).values.reduce((sum, v) => sum + v.value, 0);
      if (active > 0) ctx.log.info('stopping: finishing active jobs first', { active });
      await Promise.allSettled(workers.map((worker) => worker.close()));
      await ctx.close();
    },
  };
}
