import { execFile, spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { realClockEnv } from './real-clock-env.js';

const run = promisify(execFile);

/** A real IMAP server (Debian's Dovecot) with one throwaway mailbox, for the inbound-mail tests. */
export interface TestImapServer {
  /** `imap://unit:secret@127.0.0.1:<port>` */
  url: string;
  /** Puts a raw message into a folder, as the mail server's delivery would. */
  deliver(raw: Buffer | string, folder?: string): Promise<void>;
  /** How many messages a folder holds (0 when it does not exist). */
  count(folder: string): Promise<number>;
  /** Raw sources of a folder's messages. */
  sources(folder: string): Promise<string[]>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(1000);
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('* OK'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function idOf(flag: '-u' | '-g', name: string): Promise<number> {
  return Number((await run('id', [flag, name])).stdout.trim());
}

/**
 * Starts Dovecot in a fresh folder on a free port (root runs it as the package's own users: it
 * refuses to run its login process as root). `stop()` ends it and removes the folder.
 */
export async function startImapServer(): Promise<TestImapServer> {
  const dir = await mkdtemp(join(tmpdir(), 'hotline-dovecot-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  const uid = await idOf('-u', 'dovecot');
  const gid = await idOf('-g', 'dovecot');
  await mkdir(join(dir, 'mail', 'unit'), { recursive: true });
  await mkdir(join(dir, 'run'));
  await writeFile(join(dir, 'passwd'), `unit:{PLAIN}secret:${uid}:${gid}::${dir}/mail/unit::\n`);
  await writeFile(
    join(dir, 'dovecot.conf'),
    [
      'protocols = imap',
      'listen = 127.0.0.1',
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/run`,
      `log_path = ${dir}/dovecot.log`,
      'ssl = no',
      'disable_plaintext_auth = no',
      'mail_location = maildir:~/Maildir',
      'default_internal_user = dovecot',
      'default_login_user = dovenull',
      'first_valid_uid = 1',
      `passdb {\n  driver = passwd-file\n  args = ${dir}/passwd\n}`,
      `userdb {\n  driver = passwd-file\n  args = ${dir}/passwd\n}`,
      `service imap-login {\n  inet_listener imap {\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
      '',
    ].join('\n'),
  );
  for (const path of [join(dir, 'mail'), join(dir, 'mail', 'unit')]) await chown(path, uid, gid);
  // The daemon keeps inherited pipes open, so it gets none: wait for the foreground process to exit.
  await new Promise<void>((resolve, reject) => {
    // On the real clock like the test's redis-servers (test/support/real-clock-env.ts): under libfaketime
    // (`npm run test:at`) Dovecot's own timers misbehave.
    const child = spawn('dovecot', ['-c', join(dir, 'dovecot.conf')], {
      stdio: 'ignore',
      env: realClockEnv(),
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`dovecot exited with ${code}`))));
  });
  const deadline = Date.now() + 15_000;
  while (!(await greets(port))) {
    if (Date.now() > deadline) {
      const log = await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
      throw new Error(`dovecot did not start on port ${port}: ${log.slice(-500)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const url = `imap://unit:secret@127.0.0.1:${port}`;

  const withClient = async <T>(work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user: 'unit', pass: 'secret' },
      logger: false,
    });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };
  const exists = async (client: ImapFlow, folder: string) =>
    (await client.list()).some((entry) => entry.path === folder);

  return {
    url,
    deliver: (raw, folder = 'INBOX') =>
      withClient(async (client) => {
        await client.append(folder, raw);
      }),
    count: (folder) =>
      withClient(async (client) =>
        (await exists(client, folder))
          ? (((await client.status(folder, { messages: true })) || { messages: 0 }).messages ?? 0)
          : 0,
      ),
    sources: (folder) =>
      withClient(async (client) => {
        if (!(await exists(client, folder))) return [];
        const lock = await client.getMailboxLock(folder);
        try {
          const found: string[] = [];
          for await (const message of client.fetch('1:*', { source: true })) {
            if (message.source) found.push(message.source.toString('utf8'));
          }
          return found;
        } catch {
          return [];
        } finally {
          lock.release();
        }
      }),
    stop: async () => {
      const pid = Number((await readFile(join(dir, 'run', 'master.pid'), 'utf8').catch(() => '')).trim());
      if (pid > 0) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
        const gone = Date.now() + 10_000;
        while (Date.now() < gone) {
          try {
            process.kill(pid, 0);
          } catch {
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
