import { ImapFlow } from 'imapflow';

/** Where the replies are and where they go; from IMAP_URL and the folder settings. */
export interface MailboxSettings {
  url: string;
  mailbox: string;
  folders: { processed: string; review: string };
  /** Production never sends the mailbox password in clear: imap:// must upgrade with STARTTLS. */
  requireTls: boolean;
}

export type Folder = keyof MailboxSettings['folders'];

/** One connection to the replies' mailbox, its folder open. Every method may throw when it drops. */
export interface MailboxSession {
  readonly uidValidity: string;
  readonly usable: boolean;
  uids(): Promise<number[]>;
  source(uid: number): Promise<Buffer | undefined>;
  move(uid: number, folder: Folder): Promise<void>;
  /** Resolves when new mail arrives (IDLE, or imapflow's NOOP where the server has no IDLE), after `ms`, or when the connection drops. */
  waitForNews(ms: number): Promise<void>;
  close(): Promise<void>;
}

function clientFor(settings: MailboxSettings): ImapFlow {
  const url = new URL(settings.url);
  const secure = url.protocol === 'imaps:';
  return new ImapFlow({
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    ...(!secure && settings.requireTls ? { doSTARTTLS: true } : {}),
    auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    logger: false,
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
    socketTimeout: 5 * 60_000,
  });
}

export async function openMailbox(settings: MailboxSettings): Promise<MailboxSession> {
  const client = clientFor(settings);
  // An 'error' event without a listener would end the worker process; the session's caller reconnects.
  client.on('error', () => undefined);
  await client.connect();
  try {
    for (const folder of Object.values(settings.folders)) await client.mailboxCreate(folder);
    const opened = await client.mailboxOpen(settings.mailbox);
    const uidValidity = opened.uidValidity.toString();
    return {
      uidValidity,
      get usable() {
        return client.usable;
      },
      uids: async () => (await client.search({ all: true }, { uid: true })) || [],
      source: async (uid) => {
        const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
        return message ? message.source : undefined;
      },
      move: async (uid, folder) => {
        await client.messageMove(String(uid), settings.folders[folder], { uid: true });
      },
      waitForNews: (ms) =>
        new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            client.off('exists', done);
            client.off('close', done);
            resolve();
          };
          const timer = setTimeout(done, ms);
          client.on('exists', done);
          client.on('close', done);
        }),
      close: async () => {
        await client.logout().catch(() => client.close());
      },
    };
  } catch (error) {
    client.close();
    throw error;
  }
}
