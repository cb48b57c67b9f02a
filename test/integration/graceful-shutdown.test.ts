import { expect } from 'chai';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { startChild, uriWithDatabase } from '../support/child-process.js';
import { testMongoUri, useFreshDatabase } from '../support/database.js';
import { ticketBody } from '../support/intake-service.js';
import { serviceProcess, type ManagedProcess } from '../support/processes.js';
import { deleteQueuePrefix, TEST_REDIS_URL, uniqueQueuePrefix } from '../support/redis.js';
import { waitUntil } from '../support/wait.js';

/**
 * A POST whose body arrives in two halves, so that the request is in flight (headers read, body
 * not yet) for as long as the test wants. Resolves the response once the second half is sent.
 */
function slowPost(url: string, path: string, token: string, body: string) {
  const bytes = Buffer.from(body);
  let req!: ClientRequest;
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req = request(
      `${url}${path}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': String(bytes.length),
        },
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
  const half = Math.floor(bytes.length / 2);
  req.write(bytes.subarray(0, half));
  return {
    response,
    finish: () => req.end(bytes.subarray(half)),
  };
}

async function refusesConnections(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
    return false;
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
  }
}

describe('graceful shutdown of the HTTP process (SIGTERM)', function () {
  this.timeout(120_000);
  let dropDatabase: () => Promise<void>;
  let dir: string;
  let token: string;
  let env: Record<string, string>;
  const prefix = uniqueQueuePrefix('shutdown');
  let http: { process: ManagedProcess; url: string } | undefined;

  before(async () => {
    dropDatabase = await useFreshDatabase('graceful-shutdown');
    dir = await mkdtemp(join(tmpdir(), 'hotline-shutdown-'));
    token = (
      await createStaff({ name: 'Nguyễn Thị Lan', email: 'op@shutdown.test', role: 'operator' }, new Date())
    ).token;
    env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      MONGODB_URI: uriWithDatabase(testMongoUri(), mongoose.connection.name),
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      DATA_DIR: dir,
      SHUTDOWN_TIMEOUT_SECONDS: '3',
    };
  });
  beforeEach(async () => {
    http = await serviceProcess('http', 'http', env);
    await http.process.start(60_000);
  });
  afterEach(async () => {
    await http?.process.kill9();
  });
  after(async () => {
    await deleteQueuePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
    await dropDatabase();
  });

  it('stops taking connections, finishes the request in flight, then exits 0', async () => {
    const { process: child, url } = http!;
    const call = slowPost(
      url,
      '/api/v1/tickets',
      token,
      JSON.stringify(ticketBody({ subject: 'Gửi lúc tắt máy' })),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exit = child.stop(30_000);
    await waitUntil(() => refusesConnections(url), 5000, 'new connections still accepted after SIGTERM');
    expect(child.running, 'waits for the request in flight').to.equal(true);
    call.finish();
    const answer = await call.response;
    expect(answer.status, answer.body).to.equal(201);
    expect(await exit, `exit 0 on its own\n${child.output().slice(-2000)}`).to.equal(true);
    const code = (JSON.parse(answer.body) as { code: string }).code;
    expect(await Ticket.countDocuments({ code })).to.equal(1);
    expect(child.output()).to.contain('stopped cleanly');
  });

  it('gives up on a request that never ends after SHUTDOWN_TIMEOUT_SECONDS, and a second signal exits at once', async () => {
    const { process: child, url } = http!;
    const stuck = slowPost(url, '/api/v1/tickets', token, JSON.stringify(ticketBody()));
    stuck.response.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    expect(await child.stop(30_000), 'no clean exit while a request is stuck').to.equal(false);
    const took = Date.now() - started;
    expect(took, 'left after the 3 s limit, long before the test’s SIGKILL').to.be.within(2500, 15_000);
    expect(child.output()).to.contain('graceful shutdown timed out');

    http = await serviceProcess('http', 'http', env);
    await http.process.start(60_000);
    const again = slowPost(http.url, '/api/v1/tickets', token, JSON.stringify(ticketBody()));
    again.response.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = http.process;
    const exited = second.stop(30_000);
    await waitUntil(() => second.output().includes('shutting down'), 5000, 'first SIGTERM not seen');
    const signalledAt = Date.now();
    second.signal('SIGTERM');
    expect(await exited).to.equal(false);
    expect(Date.now() - signalledAt, 'the second signal exits at once').to.be.below(2000);
    expect(second.output()).to.contain('second signal: exiting now');
  });
});

describe('a process that hits an unhandled error', function () {
  this.timeout(30_000);

  /** Installs the service's shutdown handlers and logger in a fresh node process, then runs `fault`. */
  async function runWithHandlers(fault: string): Promise<{ code: number | null; output: string }> {
    const script = `
      const { installShutdownHandlers } = await import('./services/shutdown.ts');
      const { logger } = await import('./shared/log/logger.ts');
      const log = logger();
      installShutdownHandlers({ log, timeoutMs: 5000, stop: async () => { console.log('stop ran'); } });
      setInterval(() => undefined, 1000);
      setTimeout(() => { ${fault} }, 50);
    `;
    const child = startChild(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
    });
    const code = await child.exited;
    return { code, output: child.output() };
  }

  it('logs an unhandled rejection, runs the graceful stop and exits 1', async () => {
    const run = await runWithHandlers(`Promise.reject(new Error('database vanished'));`);
    expect(run.code, run.output).to.equal(1);
    expect(run.output).to.contain('unhandled promise rejection').and.to.contain('database vanished');
    expect(run.output).to.contain('stop ran');
  });

  it('logs an uncaught exception, runs the graceful stop and exits 1', async () => {
    const run = await runWithHandlers(`throw new Error('parser exploded');`);
    expect(run.code, run.output).to.equal(1);
    expect(run.output).to.contain('uncaught exception').and.to.contain('parser exploded');
    expect(run.output).to.contain('stop ran');
  });
});
