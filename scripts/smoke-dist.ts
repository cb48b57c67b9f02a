import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { startMongoStandin } from '../tools/mongo-standin/index.js';

/**
 * Runs a built tree the way the containers do: `node dist/main/main.js --http` and `--workers`
 * with NODE_ENV=production, against the offline MongoDB stand-in and the local Redis, and checks
 * that each answers /readyz, renders pages from dist/ and serves /metrics, then stops on SIGTERM.
 * Usage: `tsx scripts/smoke-dist.ts <root>` (`<root>` holds a fresh dist/). Needs Redis at REDIS_URL.
 */
const root = resolve(process.argv[2] ?? '.');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

function start(
  role: '--http' | '--workers',
  env: Record<string, string>,
): { child: ChildProcess; output: string[] } {
  const output: string[] = [];
  const child = spawn(process.execPath, ['dist/main/main.js', role], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: root, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return { child, output };
}

async function waitUntilReady(base: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`exited with ${child.exitCode} before ready:\n${output.join('')}`);
    const status = await fetch(`${base}/readyz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`not ready within ${READY_TIMEOUT_MS} ms:\n${output.join('')}`);
}

async function stop(child: ChildProcess, output: string[]): Promise<void> {
  if (child.exitCode !== null)
    throw new Error(`had already exited with ${child.exitCode}:\n${output.join('')}`);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  const code = await exited;
  clearTimeout(timer);
  check(code === 0, `exit code ${code} after SIGTERM:\n${output.join('')}`);
}

async function deletePrefix(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

const standin = await startMongoStandin();
const prefix = `smoke-dist-${process.pid}-${randomBytes(3).toString('hex')}`;
const [httpPort, workersPort] = [await freePort(), await freePort()];
const env = {
  NODE_ENV: 'production',
  MONGODB_URI: `mongodb://127.0.0.1:${standin.port}/hotline_smoke`,
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: prefix,
  // Nothing listens there; the smoke test sends no mail.
  SMTP_URL: 'smtp://127.0.0.1:1',
  LINK_SECRET: randomBytes(36).toString('base64url'),
  LOG_LEVEL: 'warn',
};
const http = start('--http', { ...env, PORT: String(httpPort) });
const workers = start('--workers', { ...env, PORT: String(workersPort) });
try {
  const httpBase = `http://127.0.0.1:${httpPort}`;
  const workersBase = `http://127.0.0.1:${workersPort}`;
  await Promise.all([
    waitUntilReady(httpBase, http.child, http.output),
    waitUntilReady(workersBase, workers.child, workers.output),
  ]);

  const css = await fetch(`${httpBase}/static/site.css`);
  check(css.status === 200, `GET /static/site.css: ${css.status}`);
  const page = await fetch(`${httpBase}/no-such-page`, { headers: { Accept: 'text/html' } });
  const html = await page.text();
  check(
    page.status === 404 && html.includes('Tổng đài 1022'),
    `the 404 page was not rendered from dist/services/views`,
  );
  for (const base of [httpBase, workersBase]) {
    const metrics = await fetch(`${base}/metrics`);
    const text = await metrics.text();
    check(
      metrics.status === 200 && text.includes('# TYPE emails_sent_total counter'),
      `GET ${base}/metrics: ${metrics.status}`,
    );
  }
  await Promise.all([stop(http.child, http.output), stop(workers.child, workers.output)]);
  console.log(
    'smoke-dist: --http and --workers started in production mode, served pages and metrics, stopped cleanly',
  );
} catch (error) {
  http.child.kill('SIGKILL');
  workers.child.kill('SIGKILL');
  console.error(`smoke-dist: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await standin.stop();
  await deletePrefix(prefix);
}
