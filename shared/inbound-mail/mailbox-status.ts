import { metrics } from '../metrics/metrics.js';

/**
 * Whether this process reaches the replies' mailbox, for the workers' /readyz and /metrics. The
 * reader updates it; a process that reads no mailbox reports nothing.
 */
export interface MailboxHealth {
  reachable: boolean;
  /** Consecutive failed attempts since the last working connection. */
  failures: number;
  lastError?: string;
  nextAttemptAt?: Date;
}

const readers = new Set<{ health: MailboxHealth }>();

export function registerMailboxReader(): {
  up(): void;
  down(error: unknown, nextAttemptAt: Date): void;
  unregister(): void;
} {
  const entry = { health: { reachable: false, failures: 0 } as MailboxHealth };
  readers.add(entry);
  metrics.inboundMailboxUp.set(0);
  return {
    up() {
      entry.health = { reachable: true, failures: 0 };
      metrics.inboundMailboxUp.set(1);
    },
    down(error, nextAttemptAt) {
      entry.health = {
        reachable: false,
        failures: entry.health.failures + 1,
        lastError: error instanceof Error ? error.message : String(error),
        nextAttemptAt,
      };
      metrics.inboundMailboxUp.set(0);
      metrics.inboundMailboxFailures.inc();
    },
    unregister() {
      readers.delete(entry);
    },
  };
}

/** undefined when no reader runs in this process; else whether every reader reaches its mailbox. */
export function mailboxHealth(): MailboxHealth | undefined {
  const all = [...readers].map((entry) => entry.health);
  if (all.length === 0) return undefined;
  return all.find((health) => !health.reachable) ?? all[0];
}
