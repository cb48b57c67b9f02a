import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { freePort } from './child-process.js';
import { realClockEnv } from './real-clock-env.js';
import { waitUntil } from './wait.js';

/** Repository root: every child runs from here so that `--import tsx` and relative paths resolve. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How much of a child's output is kept for a failure report. */
const OUTPUT_KEPT = 64 * 1024;

/**
 * One OS process the fault tests start, kill and start again under the same command and port.
 * Children are signalled by pid, never by name, and `exited` settles however they end.
 */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  private exitedPromise: Promise<number | null> = Promise.resolve(null);
  private text = '';
  /** Times the process was started (1 after the first start). */
  starts = 0;

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly env: Record<string, string>,
    private readonly ready: () => Promise<boolean>,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last 64 KB of stdout and stderr, across restarts. */
  output(): string {
    return this.text;
  }

  /** Starts the process and waits until `ready` says it serves. */
  async start(timeoutMs = 30_000): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    const child = spawn(this.command, this.args, {
      cwd: REPO_ROOT,
      env: { ...(this.command.startsWith('redis-') ? realClockEnv() : process.env), ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts++;
    const append = (chunk: Buffer): void => {
      this.text = (this.text + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    this.exitedPromise = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        append(Buffer.from(`\n[${this.name} exited: ${signal ?? code}]\n`));
        resolve(code);
      });
      child.once('error', (error) => {
        append(Buffer.from(`\n[${this.name} failed to start: ${error.message}]\n`));
        resolve(null);
      });
    });
    try {
      await waitUntil(
        async () => {
          if (!this.running)
            throw new Error(`${this.name} exited during start-up:\n${this.text.slice(-4000)}`);
          return this.ready();
        },
        timeoutMs,
        `${this.name} did not become ready`,
      );
    } catch (error) {
      await this.kill9();
      throw error;
    }
  }

  /** Sends a signal and returns at once (`stop()` and `kill9()` wait for the exit). */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child?.kill(signal);
  }

  /** `kill -9`: no shutdown handler runs, in-flight work is abandoned mid-way. */
  async kill9(): Promise<void> {
    if (this.running && this.child?.pid) this.child.kill('SIGKILL');
    await this.exitedPromise;
  }

  /**
   * SIGTERM (graceful shutdown), then SIGKILL if it has not exited after `timeoutMs`.
   * Resolves true when the process exited on its own with code 0.
   */
  async stop(timeoutMs = 15_000): Promise<boolean> {
    if (!this.running) return true;
    this.child?.kill('SIGTERM');
    let forced = false;
    const timer = setTimeout(() => {
      forced = true;
      this.child?.kill('SIGKILL');
    }, timeoutMs);
    const code = await this.exitedPromise;
    clearTimeout(timer);
    return !forced && code === 0;
  }
}

/** True when an HTTP GET answers 200 (a service's `/healthz`). */
async function answers200(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** True when Redis at `url` answers PING. */
export async function redisAnswers(url: string): Promise<boolean> {
  const probe = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** A redis-server of the test's own (nothing on disk), so it can be killed and wiped freely. */
export interface RedisServer {
  url: string;
  port: number;
  process: ManagedProcess;
}

export async function startRedisServer(name = 'redis'): Promise<RedisServer> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const server = new ManagedProcess(
    name,
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {},
    () => redisAnswers(url),
  );
  await server.start();
  return { url, port, process: server };
}

/** The MongoDB stand-in as its own process (`tools/mongo-standin/cli.ts`): stopping it loses its data. */
export interface StandinServer {
  uri: string;
  port: number;
  process: ManagedProcess;
}

export async function startStandinProcess(name = 'mongo-standin'): Promise<StandinServer> {
  const port = await freePort();
  const server: ManagedProcess = new ManagedProcess(
    name,
    process.execPath,
    ['--import', 'tsx', 'tools/mongo-standin/cli.ts', '--port', String(port)],
    {},
    async (): Promise<boolean> => server.output().includes('mongo-standin listening on'),
  );
  await server.start();
  return { uri: `mongodb://127.0.0.1:${port}/`, port, process: server };
}

export type ServiceRole = 'http' | 'workers';

/**
 * `main/main.ts --http` or `--workers` as a separate OS process, started as
 * `node --import tsx main/main.ts …`: one process per pid, so a SIGKILL really kills the
 * service (the `tsx` binary would leave its child running) and SIGTERM reaches its shutdown handler.
 * Ready when `/healthz` answers on its PORT (a workers-only process serves it from its ops server).
 */
export async function serviceProcess(
  name: string,
  role: ServiceRole,
  env: Record<string, string>,
  port?: number,
  /** Extra options for node itself, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS). */
  nodeArgs: string[] = [],
): Promise<{ process: ManagedProcess; url: string }> {
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  const service = new ManagedProcess(
    name,
    process.execPath,
    [...nodeArgs, '--import', 'tsx', 'main/main.ts', `--${role}`],
    { ...env, PORT: String(port) },
    () => answers200(`${url}/healthz`),
  );
  return { process: service, url };
}
