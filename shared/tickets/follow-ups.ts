import type { NextAction } from './ticket-types.js';
import { enqueueMail, enqueueSupportTimer, enqueueTimer } from '../queue/enqueue.js';
import type { QueueSet } from '../queue/queues.js';

interface PendingWork {
  _id: { toString(): string };
  next?: NextAction | null;
  outbox?: Array<{ key: string; notBefore: Date; sentAt?: Date | null; failedAt?: Date | null }>;
  /** Supporting units' own timers (co-handling). */
  supports?: Array<{ no: number; next?: { seq: number; dueAt: Date } | null }> | null;
}

/**
 * Enqueues what a ticket is owed after a state change: unsent e-mails and the next timer. Job ids are
 * deterministic, so calling this again (a retried job, a second worker) adds nothing twice; if Redis
 * refuses, the sweeper finds the same work from MongoDB later.
 */
export async function enqueueFollowUps(queues: QueueSet, ticket: PendingWork, now: Date): Promise<void> {
  const ticketId = ticket._id.toString();
  const pending = (ticket.outbox ?? []).filter((mail) => !mail.sentAt && !mail.failedAt);
  await Promise.all(pending.map((mail) => enqueueMail(queues, ticketId, mail.key, mail.notBefore, { now })));
  if (ticket.next && ticket.next.action !== 'route')
    await enqueueTimer(queues, ticketId, ticket.next, { now });
  for (const support of ticket.supports ?? [])
    if (support.next) await enqueueSupportTimer(queues, ticketId, support.no, support.next, { now });
}
