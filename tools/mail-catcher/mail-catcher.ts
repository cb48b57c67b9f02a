import { setTimeout as sleep } from 'node:timers/promises';
import { simpleParser } from 'mailparser';
import { MessageStore } from './message-store.js';
import { startSmtpSink } from './smtp-sink.js';
import type { Envelope } from './smtp-sink.js';
import { toCaughtMail, unparsableMail } from './to-caught-mail.js';
import type { MailCatcher, MailCatcherOptions, RefuseMode } from './types.js';
import { createWebView } from './web-view.js';

/**
 * Starts an in-process SMTP server that keeps every message it receives, for development
 * (`npm start` without `SMTP_URL`) and as the SMTP sink of tests.
 *
 * @example
 * const catcher = await startMailCatcher();
 * const transport = nodemailer.createTransport(catcher.smtpUrl);
 * app.use('/dev/mail', catcher.router());
 */
export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const store = new MessageStore();
  let refusal: RefuseMode = false;
  let delayMs = 0;
  // Parsing one message at a time keeps ids and list order equal to the order DATA ended in.
  let parsing: Promise<unknown> = Promise.resolve();

  const accept = async (raw: Buffer, envelope: Envelope): Promise<string> => {
    if (delayMs > 0) await sleep(delayMs);
    const receivedAt = new Date();
    const stored = parsing.then(async () => {
      const delivery = { ...envelope, receivedAt };
      const mail = await simpleParser(raw).then(
        (parsed) => toCaughtMail(parsed, delivery),
        (err: unknown) => unparsableMail(raw, delivery, err),
      );
      return `OK: caught as #${store.add(mail).id}`;
    });
    parsing = stored.catch(() => undefined);
    return stored;
  };

  const sink = await startSmtpSink({ host, port: options.smtpPort ?? 0, refusal: () => refusal, accept });
  let stopping: Promise<void> | undefined;

  return {
    smtpUrl: `smtp://${host.includes(':') ? `[${host}]` : host}:${sink.port}`,
    smtpPort: sink.port,
    messages: () => store.list(),
    byMessageId: () => store.countByMessageId(),
    waitFor: (predicate, waitOptions) => store.waitFor(predicate, waitOptions),
    refuse: (mode) => {
      refusal = mode;
    },
    delay: (ms) => {
      delayMs = Math.max(0, ms);
    },
    clear: () => store.clear(),
    router: () => createWebView(store),
    stop: () => {
      stopping ??= sink.close().finally(() => store.stop());
      return stopping;
    },
  };
}
