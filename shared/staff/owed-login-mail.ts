import { enqueueLoginMail } from '../queue/enqueue.js';
import type { QueueSet } from '../queue/queues.js';
import { unsentLoginLinks } from './login-links.js';

/** For the sweeper: dashboard login links still valid whose e-mail job was lost (Redis down or wiped). */
export async function reenqueueOwedLoginMails(queues: QueueSet, now: Date, graceMs: number): Promise<number> {
  let count = 0;
  for (const link of await unsentLoginLinks(now, graceMs)) {
    if (await enqueueLoginMail(queues, link.id, { via: 'sweep', attempt: link.attempts })) count++;
  }
  return count;
}
