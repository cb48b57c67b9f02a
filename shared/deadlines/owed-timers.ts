import { enqueueRoute, enqueueSupportTimer, enqueueTimer } from '../queue/enqueue.js';
import type { QueueSet } from '../queue/queues.js';
import { findOwedSupportTimers, findOwedTimers } from '../tickets/repository/owed-work.js';

/**
 * For the sweeper: every ticket whose `next` timer (routing, a reminder, an escalation) was due by
 * `cutoff` (and every supporting unit's timer) is enqueued again under a sweep job id. Stale or duplicate jobs find themselves stale.
 */
export async function reenqueueOwedTimers(
  queues: QueueSet,
  cutoff: Date,
  now: Date,
  limit: number,
): Promise<{ routes: number; timers: number }> {
  const counts = { routes: 0, timers: 0 };
  for (const { ticketId, next } of await findOwedTimers(cutoff, limit)) {
    if (next.action === 'route') {
      if (await enqueueRoute(queues, ticketId, { via: 'sweep' })) counts.routes++;
    } else if (await enqueueTimer(queues, ticketId, next, { via: 'sweep', now })) {
      counts.timers++;
    }
  }
  // Supporting units' own timers (co-handling) live beside `next`: a Redis wipe loses them the same way.
  for (const { ticketId, supportNo, next } of await findOwedSupportTimers(cutoff, limit)) {
    if (await enqueueSupportTimer(queues, ticketId, supportNo, next, { via: 'sweep', now })) counts.timers++;
  }
  return counts;
}
