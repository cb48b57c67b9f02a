import { EventEmitter } from 'node:events';
import type { CaughtMail, WaitForOptions } from './types.js';

/** A caught message before the store numbers it. */
export type NewMail = Omit<CaughtMail, 'id'>;

const DEFAULT_LIMIT = 5_000;
const DEFAULT_TIMEOUT_MS = 10_000;
const SUBJECTS_IN_TIMEOUT_ERROR = 20;

/** In-memory list of caught messages that tells waiters about each arrival. */
export class MessageStore {
  readonly #messages: CaughtMail[] = [];
  // Waiters subscribe here; 'stopped' carries the error every pending waiter rejects with.
  readonly #events = new EventEmitter().setMaxListeners(0);
  readonly #limit: number;
  #nextId = 1;
  #stopped: Error | undefined;

  /** @param limit How many messages to keep; the oldest are dropped beyond it. */
  constructor(limit = DEFAULT_LIMIT) {
    this.#limit = limit;
  }

  /** Numbers and keeps a message, then wakes the waiters. */
  add(mail: NewMail): CaughtMail {
    const caught: CaughtMail = { id: String(this.#nextId++), ...mail };
    this.#messages.push(caught);
    if (this.#messages.length > this.#limit) this.#messages.splice(0, this.#messages.length - this.#limit);
    this.#events.emit('message');
    return caught;
  }

  /** Messages in arrival order (a copy). */
  list(): CaughtMail[] {
    return [...this.#messages];
  }

  /** The message with this id, if still kept. */
  get(id: string): CaughtMail | undefined {
    return this.#messages.find((m) => m.id === id);
  }

  /** Message-ID → how many kept messages carry it. */
  countByMessageId(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { messageId } of this.#messages) {
      if (messageId !== '') counts.set(messageId, (counts.get(messageId) ?? 0) + 1);
    }
    return counts;
  }

  /** Forgets every message; ids keep counting so old links never point at a different message. */
  clear(): void {
    this.#messages.length = 0;
  }

  /** See `MailCatcher.waitFor`. */
  waitFor(predicate: (m: CaughtMail) => boolean, options: WaitForOptions = {}): Promise<CaughtMail[]> {
    const { timeoutMs = DEFAULT_TIMEOUT_MS, count = 1 } = options;
    if (!Number.isInteger(count) || count < 1) {
      return Promise.reject(new RangeError(`waitFor: count must be a positive integer, got ${count}`));
    }
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
      return Promise.reject(
        new RangeError(`waitFor: timeoutMs must be a finite number >= 0, got ${timeoutMs}`),
      );
    }
    if (this.#stopped) return Promise.reject(this.#stopped);

    return new Promise<CaughtMail[]>((resolve, reject) => {
      const settle = (outcome: () => void): void => {
        clearTimeout(timer);
        this.#events.off('message', check);
        this.#events.off('stopped', onStopped);
        outcome();
      };
      const check = (): void => {
        let matches: CaughtMail[];
        try {
          matches = this.#messages.filter(predicate);
        } catch (err) {
          settle(() => reject(err));
          return;
        }
        if (matches.length >= count) settle(() => resolve(matches));
      };
      const onStopped = (err: Error): void => settle(() => reject(err));
      const timer = setTimeout(
        () => settle(() => reject(this.#timeoutError(predicate, count, timeoutMs))),
        timeoutMs,
      );

      this.#events.on('message', check);
      this.#events.on('stopped', onStopped);
      check();
    });
  }

  /** Rejects every pending and future `waitFor`. */
  stop(): void {
    this.#stopped ??= new Error('Mail catcher stopped');
    this.#events.emit('stopped', this.#stopped);
  }

  #timeoutError(predicate: (m: CaughtMail) => boolean, count: number, timeoutMs: number): Error {
    const found = this.#messages.filter((m) => {
      try {
        return predicate(m);
      } catch {
        return false;
      }
    }).length;
    const recent = this.#messages.slice(-SUBJECTS_IN_TIMEOUT_ERROR);
    const skipped = this.#messages.length - recent.length;
    const lines = recent.map(
      (m) => `  #${m.id} ${JSON.stringify(m.subject)} → ${m.to.join(', ') || '(no To)'}`,
    );
    if (skipped > 0) lines.unshift(`  … ${skipped} older message(s) not shown`);
    const seen = lines.length > 0 ? `Caught so far:\n${lines.join('\n')}` : 'No e-mail caught at all.';
    return new Error(
      `waitFor timed out after ${timeoutMs} ms: wanted ${count} matching e-mail(s), found ${found}. ${seen}`,
    );
  }
}
