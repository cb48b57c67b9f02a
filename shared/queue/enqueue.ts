import type { NextAction } from '../tickets/ticket-types.js';
import { jobId, type QueueSet } from './queues.js';

/** Payloads carry ids only; workers re-read the ticket. */
export interface RouteJob {
  ticketId: string;
}
export interface MailJob {
  ticketId: string;
  key: string;
}
export interface TimerJob {
  ticketId: string;
  seq: number;
  /** A supporting unit's timer (co-handling) rather than the lead's `next`. */
  supportNo?: number;
}

/** How long a caller waits for Redis before treating the job as "pending" (the sweeper owns it then). */
const ENQUEUE_TIMEOUT_MS = 1500;

/**
 * Adds a job, waiting at most ENQUEUE_TIMEOUT_MS for Redis. Resolves false (never throws) when Redis
 * cannot take it now: MongoDB still says the work is owed, and the sweeper enqueues it later.
 */
export async function enqueueWithTimeout(add: () => Promise<unknown>): Promise<boolean> {
  try {
    await Promise.race([
      add(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('enqueue timeout')), ENQUEUE_TIMEOUT_MS).unref(),
      ),
    ]);
    return true;
  } catch {
    return false;
  }
}

/** Job ids are deterministic, so enqueueing the same work twice is harmless. `via` separates the sweeper's re-enqueues. */
export interface EnqueueOptions {
  /** Set by the sweeper: a fresh id family, since Redis may still hold a finished job under the normal id. */
  via?: 'sweep';
  now?: Date;
}

/**
 * Enqueues routing. Resolves false (never throws) when Redis cannot take the job now: the ticket's
 * `next` still says routing is owed, and the sweeper picks it up.
 */
export function enqueueRoute(
  queues: QueueSet,
  ticketId: string,
  options: EnqueueOptions = {},
): Promise<boolean> {
  const id = jobId(...(options.via ? [options.via] : []), 'route', ticketId);
  return enqueueWithTimeout(() => queues.route.add('route', { ticketId } satisfies RouteJob, { jobId: id }));
}

/** Enqueues the sending of one outbox mail, delayed until `notBefore`. */
export function enqueueMail(
  queues: QueueSet,
  ticketId: string,
  key: string,
  notBefore?: Date,
  options: EnqueueOptions & { attempt?: number } = {},
): Promise<boolean> {
  const now = options.now ?? new Date();
  const delay = notBefore ? Math.max(0, notBefore.getTime() - now.getTime()) : 0;
  const id = options.via
    ? jobId('sweep', 'mail', ticketId, key, options.attempt ?? 0)
    : jobId('mail', ticketId, key);
  return enqueueWithTimeout(() =>
    queues.notify.add('mail', { ticketId, key } satisfies MailJob, { jobId: id, delay }),
  );
}

/** Schedules the timer a ticket is owed next (reminder or escalation), keyed by `next.seq`. */
export function enqueueTimer(
  queues: QueueSet,
  ticketId: string,
  next: Pick<NextAction, 'seq' | 'dueAt'>,
  options: EnqueueOptions = {},
): Promise<boolean> {
  const now = options.now ?? new Date();
  const delay = Math.max(0, next.dueAt.getTime() - now.getTime());
  const id = jobId(...(options.via ? [options.via] : []), 'timer', ticketId, next.seq);
  return enqueueWithTimeout(() =>
    queues.deadline.add('timer', { ticketId, seq: next.seq } satisfies TimerJob, { jobId: id, delay }),
  );
}

/**
 * Schedules a supporting unit's own timer (co-handling), keyed by its support number and
 * `supports[].next.seq`: `timer-<ticketId>-s<no>-<seq>`, a family apart from the lead's timers.
 */
export function enqueueSupportTimer(
  queues: QueueSet,
  ticketId: string,
  supportNo: number,
  next: { seq: number; dueAt: Date },
  options: EnqueueOptions = {},
): Promise<boolean> {
  const now = options.now ?? new Date();
  const delay = Math.max(0, next.dueAt.getTime() - now.getTime());
  const id = jobId(...(options.via ? [options.via] : []), 'timer', ticketId, `s${supportNo}`, next.seq);
  return enqueueWithTimeout(() =>
    queues.deadline.add('timer', { ticketId, seq: next.seq, supportNo } satisfies TimerJob, {
      jobId: id,
      delay,
    }),
  );
}

/**
 * Enqueues a dashboard login e-mail (the job carries the link's id only). Resolves false when Redis
 * cannot take it now; the sweeper sends links still unsent while they are valid.
 */
export function enqueueLoginMail(
  queues: QueueSet,
  linkId: string,
  options: EnqueueOptions & { attempt?: number } = {},
): Promise<boolean> {
  const id = options.via ? jobId('sweep', 'login', linkId, options.attempt ?? 0) : jobId('login', linkId);
  return enqueueWithTimeout(() => queues.login.add('login', { linkId }, { jobId: id, attempts: 4 }));
}
