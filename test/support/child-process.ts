import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export interface RunningChild {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects on timeout or exit. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Sends SIGTERM to this child (by pid) and waits for it to exit. */
  stop(timeoutMs?: number): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Starts a command and collects its output, for tests that drive a CLI or the whole process. */
export function startChild(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
): RunningChild {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => {
    done = true;
    for (const listener of listeners) listener();
  });

  const waitFor = (pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = pattern.exec(text);
        if (match) finish(() => resolve(match));
        else if (done) finish(() => reject(new Error(`process exited before ${pattern}; output:\n${text}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${text}`))),
        timeoutMs,
      );
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  const stop = async (timeoutMs = 15_000): Promise<number | null> => {
    if (!done && child.pid) process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid && !done && process.kill(child.pid, 'SIGKILL'), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  return { child, output: () => text, waitFor, stop, exited };
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The test MongoDB's URI with a database name in its path. */
export function uriWithDatabase(baseUri: string, database: string): string {
  const url = new URL(baseUri);
  url.pathname = `/${database}`;
  return url.toString();
}
