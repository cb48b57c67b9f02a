import type { QueueSet } from '../queue/queues.js';
import { VIETNAM_TIME_ZONE } from '../time/vietnam-time-zone.js';

/** 02:30 on the Vietnamese clock: nobody is working, and the digest (07:30) sees the result. */
export const RETENTION_CRON = '30 2 * * *';
export const RETENTION_SCHEDULER_ID = 'retention-daily';

/** Registers the daily retention run as a Job Scheduler (one schedule however many worker processes run). */
export async function scheduleRetention(deps: { queues: QueueSet }): Promise<void> {
  await deps.queues.retention.upsertJobScheduler(
    RETENTION_SCHEDULER_ID,
    { pattern: RETENTION_CRON, tz: VIETNAM_TIME_ZONE },
    {
      name: 'retention',
      opts: {
        attempts: 3,
        backoff: { type: 'exponential', delay: 60_000 },
        removeOnComplete: { count: 100 },
        removeOnFail: { count: 100 },
      },
    },
  );
}
