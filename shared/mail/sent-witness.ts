import type { QueueSet } from '../queue/queues.js';

/**
 * A second witness that the SMTP server accepted a message, kept in Redis beside the jobs. MongoDB is
 * the record (`sentAt`), but when it is unreachable right after the SMTP server took a message, the
 * record can be missing when the lease runs out, and the next sender would send the message again
 * (seen in the fault suite: test/faults/mongo-outage.test.ts). The next sender asks this witness
 * first. Redis is disposable: without the witness we are back to at-least-once, never to losing mail.
 */
export interface SentWitness {
  /** True when a sender saw the SMTP server accept this Message-ID; false when unknown or unreachable. */
  wasSent(messageId: string): Promise<boolean>;
  /** Best effort: a failure here only narrows nothing. */
  markSent(messageId: string): Promise<void>;
}

/** Longer than any MongoDB outage the sender's retries could outlast. */
const WITNESS_TTL_SECONDS = 3 * 24 * 3600;
/** The producer connection fails fast, but a slow Redis must not hold a send either. */
const WITNESS_TIMEOUT_MS = 1000;

function within<T>(promise: Promise<T>, fallback: T): Promise<T> {
  return Promise.race([
    promise.catch(() => fallback),
    new Promise<T>((resolve) => setTimeout(() => resolve(fallback), WITNESS_TIMEOUT_MS).unref()),
  ]);
}

export function redisSentWitness(queues: QueueSet): SentWitness {
  const keyOf = (messageId: string) => `${queues.prefix}:mail-sent:${messageId}`;
  return {
    wasSent: (messageId) =>
      within(
        queues.redis.exists(keyOf(messageId)).then((found) => found === 1),
        false,
      ),
    markSent: async (messageId) => {
      await within(
        queues.redis.set(keyOf(messageId), '1', 'EX', WITNESS_TTL_SECONDS).then(() => undefined),
        undefined,
      );
    },
  };
}
