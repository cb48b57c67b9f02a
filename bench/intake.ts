import autocannon, { type Result } from 'autocannon';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { createStaff } from '../shared/staff/staff-accounts.js';
import { freePort } from '../test/support/child-process.js';
import {
  connectBenchDatabase,
  databaseUri,
  dropBenchDatabase,
  profileArgs,
  serviceEnv,
  type BenchMongo,
  type RedisServer,
} from './infra.js';
import { ManagedProcess } from '../test/support/processes.js';
import { monitoredUri, probeSetup, startCosts, type StageCosts } from './costs.js';

export interface LoadFigures {
  /** 2xx answers per second over the run. */
  perSecond: number;
  /** 2xx answers in all. */
  ok: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface IntakeRun {
  connections: number;
  ours: LoadFigures;
  baseline: LoadFigures;
  /** Per new ticket, over the measured run of ours. */
  costs?: StageCosts;
}

/** The body a switchboard sends; every request gets its own Idempotency-Key, so each one is a new ticket. */
const TICKET = JSON.stringify({
  channel: 'phone',
  citizen: { name: 'Võ Thị Hồng', phone: '0912 345 678' },
  category: 'heritage',
  subject: 'Di tích Gò Tháp xuống cấp',
  content: 'Tường rào khu di tích bị sập một đoạn, đề nghị kiểm tra.',
});

export function figures(result: Result): LoadFigures {
  const ok = Object.entries(result.statusCodeStats ?? {})
    .filter(([status]) => status.startsWith('2'))
    .reduce((sum, [, stat]) => sum + Number(stat.count), 0);
  return {
    perSecond: ok / result.duration,
    ok,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export async function load(
  url: string,
  path: string,
  headers: Record<string, string>,
  connections: number,
  durationS: number,
): Promise<Result> {
  const run = randomBytes(4).toString('hex');
  let n = 0;
  return autocannon({
    url,
    connections,
    duration: durationS,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path,
        headers,
        body: TICKET,
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, 'idempotency-key': `bench-${run}-${++n}` },
        }),
      },
    ],
  });
}

/** Tickets stored, once no request in flight adds more (the count holds for half a second). */
async function settledTicketCount(): Promise<number> {
  const tickets = mongoose.connection.db!.collection('tickets');
  let last = -1;
  for (;;) {
    const count = await tickets.countDocuments({});
    if (count === last) return count;
    last = count;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * `POST /api/v1/tickets` under autocannon at each connection count for `durationS` seconds, against
 * the bare Express endpoint served by the same process right after. The load generator runs in this
 * process, the service in its own.
 */
export async function benchIntake(options: {
  mongo: BenchMongo;
  redis: RedisServer;
  connections: number[];
  durationS: number;
  log: (line: string) => void;
}): Promise<IntakeRun[]> {
  const { uri } = databaseUri(options.mongo, 'intake');
  await connectBenchDatabase(uri);
  const operator = await createStaff(
    { name: 'Nguyễn Thị Lan', email: 'operator@bench.test', role: 'operator' },
    new Date(),
  );
  const [port, barePort] = [await freePort(), await freePort()];
  const probe = probeSetup('intake');
  const server: ManagedProcess = new ManagedProcess(
    'intake-server(bench)',
    process.execPath,
    [...profileArgs(), ...probe.nodeArgs, 'bench/servers/intake-server.ts'],
    {
      ...probe.env,
      ...serviceEnv({
        mongoUri: monitoredUri(uri),
        redisUrl: options.redis.url,
        prefix: `bench-intake-${randomBytes(3).toString('hex')}`,
        // One token sends the whole load: its own limit (1,200/min by default) would be the figure.
        extra: { API_TOKEN_RATE_LIMIT_PER_MINUTE: '10000000' },
      }),
      PORT: String(port),
      BENCH_BARE_PORT: String(barePort),
    },
    async (): Promise<boolean> => server.output().includes('bench-intake-server ready'),
  );
  await server.start(60_000);
  const service = `http://127.0.0.1:${port}`;
  const bare = `http://127.0.0.1:${barePort}`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${operator.token}` };
  try {
    // Warm-up: JIT, connection pools, the first inserts.
    await load(service, '/api/v1/tickets', headers, 10, 3);
    await load(bare, '/tickets', headers, 10, 2);
    const runs: IntakeRun[] = [];
    const costs = () =>
      startCosts({
        probes: [{ label: 'HTTP service', pid: () => server.pid, file: probe.file }],
        others: [
          { label: 'MongoDB', pid: () => options.mongo.standin?.process.pid },
          { label: 'Redis', pid: () => options.redis.process.pid },
        ],
        redisUrl: options.redis.url,
      });
    for (const connections of options.connections) {
      const storedBefore = await settledTicketCount();
      const measuring = await costs();
      const ours = figures(await load(service, '/api/v1/tickets', headers, connections, options.durationS));
      // Requests still in the server when autocannon stops finish after it: count what was stored.
      const spent = await measuring.finish((await settledTicketCount()) - storedBefore);
      const baseline = figures(await load(bare, '/tickets', headers, connections, options.durationS));
      options.log(
        `intake ${connections} connections: ${ours.perSecond.toFixed(0)} tickets/s (p50 ${ours.p50Ms} ms, p99 ${ours.p99Ms} ms, non-2xx ${ours.non2xx}, errors ${ours.errors}); bare Express ${baseline.perSecond.toFixed(0)}/s (p50 ${baseline.p50Ms} ms, p99 ${baseline.p99Ms} ms)`,
      );
      options.log(
        `intake ${connections} connections, per ticket: ${spent.mongoCommandsPerTicket.toFixed(2)} MongoDB commands, ${spent.redisCommandsPerTicket.toFixed(2)} Redis commands, CPU ms ${Object.entries(
          spent.cpuMsPerTicket,
        )
          .map(([k, v]) => `${k} ${v.toFixed(2)}`)
          .join(', ')}; ${JSON.stringify(spent.mongoByCommand)}`,
      );
      runs.push({ connections, ours, baseline, costs: spent });
    }
    return runs;
  } finally {
    await server.stop();
    await dropBenchDatabase();
  }
}
