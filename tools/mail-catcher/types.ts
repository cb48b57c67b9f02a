import type { Router } from 'express';

/** One e-mail as the catcher received it. */
export interface CaughtMail {
  /** Sequential per catcher: `'1'`, `'2'`, … Never reused, not even after {@link MailCatcher.clear}. */
  id: string;
  /** The `Message-ID` header without angle brackets; `''` when the message had none. */
  messageId: string;
  /** Bare address of the `From` header (`''` when absent). The display name is in `headers.from`. */
  from: string;
  /** Bare addresses of the `To` header(s), groups flattened. */
  to: string[];
  /** Bare addresses of the `Cc` header(s), groups flattened. */
  cc: string[];
  /** Decoded subject (`''` when absent). */
  subject: string;
  /** Plain-text body (`''` when the message has none). */
  text: string;
  /** HTML body (`''` when the message has none). */
  html: string;
  /** Lower-case header name → value of its first occurrence, decoded where the parser decodes it. */
  headers: Record<string, string>;
  /** SMTP envelope: where the message was actually delivered, `Bcc` recipients included. */
  envelope: { mailFrom: string; rcptTo: string[] };
  /** When the end of DATA arrived. */
  receivedAt: Date;
}

/** What {@link MailCatcher.refuse} takes: `false` accepts mail, the others simulate an outage. */
export type RefuseMode = false | 'temporary' | 'permanent';

/** Options of {@link MailCatcher.waitFor}. */
export interface WaitForOptions {
  /** Give up after this many milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** How many matching messages must exist. Default 1. */
  count?: number;
}

/** Options of {@link startMailCatcher}. */
export interface MailCatcherOptions {
  /** Interface to listen on. Default `127.0.0.1`: the catcher accepts anything, so keep it local. */
  host?: string;
  /** SMTP port; `0` or unset picks a free one. */
  smtpPort?: number;
}

/** A running in-process SMTP sink with a web view. */
export interface MailCatcher {
  /** `smtp://HOST:PORT`, ready for nodemailer's `createTransport`. */
  smtpUrl: string;
  /** The port the SMTP server listens on. */
  smtpPort: number;
  /** Caught messages in arrival order (a copy; at most the newest 5 000). */
  messages(): CaughtMail[];
  /** How many caught messages carry each Message-ID; messages without one are not counted. */
  byMessageId(): Map<string, number>;
  /**
   * Resolves with every caught message matching `predicate` once at least `count` of them exist,
   * checking again on each arrival (no polling). Rejects on timeout with the subjects seen so far,
   * or when the catcher stops.
   */
  waitFor(predicate: (m: CaughtMail) => boolean, options?: WaitForOptions): Promise<CaughtMail[]>;
  /** Simulates an outage: `'temporary'` answers 451 to MAIL FROM and DATA, `'permanent'` 550. */
  refuse(mode: RefuseMode): void;
  /** Simulates a slow server: waits this long after each message's DATA before answering 250 (0: at once). */
  delay(ms: number): void;
  /** Forgets every caught message. */
  clear(): void;
  /**
   * Web view to mount anywhere: `GET /` (list), `GET /:id` (one message),
   * `GET /api/messages` and `GET /api/messages/:id` (JSON).
   */
  router(): Router;
  /** Closes the SMTP server and every open connection, and rejects pending `waitFor`s. Idempotent. */
  stop(): Promise<void>;
}
