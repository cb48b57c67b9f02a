import type { QueueSet } from './queues.js';
import { jobId } from './queues.js';

/** Payloads carry ids only; workers re-read the ticket. */
export interface RouteJob {
  ticketId: string;
}

/** How long a request waits for Redis before it answers "routing pending" instead. */
const ENQUEUE_TIMEOUT_MS = 1500;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('enqueue timeout')), ms).unref()),
  ]);
}

/**
 * Enqueues routing with a deterministic job id, so a retry or the sweeper enqueueing the same
 * ticket again is harmless. Resolves false (never throws) when Redis cannot take the job now:
 * the ticket's `next` still says routing is owed and the sweeper will pick it up.
 */
export async function enqueueRoute(queues: QueueSet, ticketId: string): Promise<boolean> {
  try {
    await withTimeout(queues.route.add('route', { ticketId } satisfies RouteJob, { jobId: jobId('route', ticketId) }), ENQUEUE_TIMEOUT_MS);
    return true;
  } catch {
    return false;
  }
}
