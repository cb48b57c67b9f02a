import { enqueueMail } from '../queue/enqueue.js';
import type { QueueSet } from '../queue/queues.js';
import { findOwedMails } from '../tickets/repository/owed-work.js';

/** For the sweeper: every unsent outbox e-mail due by `cutoff` whose lease is free is enqueued again. */
export async function reenqueueOwedMails(
  queues: QueueSet,
  cutoff: Date,
  now: Date,
  limit: number,
): Promise<number> {
  let count = 0;
  for (const mail of await findOwedMails(cutoff, now, limit)) {
    const added = await enqueueMail(queues, mail.ticketId, mail.key, undefined, {
      via: 'sweep',
      attempt: mail.attempts,
      now,
    });
    if (added) count++;
  }
  return count;
}
