import {
  completeInboundMail,
  claimInboundMail,
  inboundKey,
  releaseInboundMail,
} from '../shared/inbound-mail/inbound-claims.js';
import { parseInboundMessage } from '../shared/inbound-mail/inbound-message.js';
import { handleReply } from '../shared/inbound-mail/handle-reply.js';
import { openMailbox, type Folder, type MailboxSession } from '../shared/inbound-mail/mailbox.js';
import { registerMailboxReader } from '../shared/inbound-mail/mailbox-status.js';
import type { WorkerContext } from './worker-context.js';

/** Waits after a failed connection: 1 s, doubling, at most 5 minutes. */
const FIRST_RETRY_MS = 1000;
const LONGEST_RETRY_MS = 5 * 60_000;

export interface InboundMailReader {
  close(): Promise<void>;
}

/**
 * The door of units' e-mailed replies: keeps one connection to the replies' mailbox (IMAP_URL),
 * takes each message in it to the inbound-mail use case, files it (answered → processed folder,
 * anything else → review folder), then waits for new mail with IDLE (a NOOP poll where the server
 * has none), at most IMAP_POLL_SECONDS. A mailbox that cannot be reached is retried with backoff
 * and reported on /readyz and in metrics. Not started when IMAP_URL is unset.
 */
export function startInboundMailReader(ctx: WorkerContext): InboundMailReader | undefined {
  const { config } = ctx;
  if (!config.IMAP_URL || !config.MAIL_REPLY_ADDRESS) return undefined;
  const settings = {
    url: config.IMAP_URL,
    mailbox: config.IMAP_MAILBOX,
    folders: { processed: config.IMAP_PROCESSED_FOLDER, review: config.IMAP_REVIEW_FOLDER },
    requireTls: config.isProduction,
  };
  const status = registerMailboxReader();
  let stopping = false;
  let session: MailboxSession | undefined;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const handleOne = async (open: MailboxSession, uid: number): Promise<void> => {
    const source = await open.source(uid);
    if (!source) return;
    const position = { mailbox: settings.mailbox, uidValidity: open.uidValidity, uid };
    const message = await parseInboundMessage(source).catch(() => undefined);
    const claim = await claimInboundMail(message?.messageId, position, ctx.clock());
    if (claim.kind === 'busy') return;
    let folder: Folder;
    if (claim.kind === 'done') {
      folder = claim.outcome === 'answered' ? 'processed' : 'review';
    } else if (!message) {
      await completeInboundMail(claim.key, { outcome: 'unreadable' }, ctx.clock());
      folder = 'review';
    } else {
      try {
        const result = await handleReply(ctx, message, claim.key);
        await completeInboundMail(claim.key, result, ctx.clock());
        folder = result.folder;
      } catch (error) {
        await releaseInboundMail(claim.key).catch(() => undefined);
        throw error;
      }
    }
    await open.move(uid, folder);
  };

  const readUntilDropped = async (open: MailboxSession): Promise<void> => {
    while (!stopping && open.usable) {
      for (const uid of await open.uids()) {
        if (stopping) return;
        try {
          await handleOne(open, uid);
        } catch (error) {
          // MongoDB or SMTP away: this message waits for the next check; the others may still go through.
          ctx.log.warn('e-mailed reply not handled yet; will retry', {
            key: inboundKey(undefined, { mailbox: settings.mailbox, uidValidity: open.uidValidity, uid }),
            error: error instanceof Error ? error.message : String(error),
          });
          if (!open.usable) return;
        }
      }
      if (stopping) return;
      const news = open.waitForNews(config.IMAP_POLL_SECONDS * 1000);
      wake = () => void open.close();
      await news;
    }
  };

  const loop = async (): Promise<void> => {
    let retryMs = FIRST_RETRY_MS;
    while (!stopping) {
      try {
        session = await openMailbox(settings);
        status.up();
        retryMs = FIRST_RETRY_MS;
        await readUntilDropped(session);
        if (!stopping) throw new Error('mailbox connection closed');
      } catch (error) {
        if (stopping) break;
        status.down(error, new Date(Date.now() + retryMs));
        ctx.log.warn("replies' mailbox unreachable; retrying", {
          retryInSeconds: retryMs / 1000,
          error: error instanceof Error ? error.message : String(error),
        });
      } finally {
        await session?.close().catch(() => undefined);
        session = undefined;
      }
      if (stopping) break;
      await pause(retryMs);
      retryMs = Math.min(retryMs * 2, LONGEST_RETRY_MS);
    }
  };

  const running = loop();
  return {
    close: async () => {
      stopping = true;
      // A message being handled is finished first; a wait for new mail or a retry pause ends at once.
      wake?.();
      await running;
      status.unregister();
    },
  };
}
