import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createStaff } from '../shared/staff/staff-accounts.js';
import { openLinkSession } from '../shared/staff/link-sessions.js';
import { freePort } from '../test/support/child-process.js';
import { ManagedProcess } from '../test/support/processes.js';
import {
  connectBenchDatabase,
  databaseUri,
  dropBenchDatabase,
  percentile,
  profileArgs,
  serviceEnv,
  type BenchMongo,
  type RedisServer,
} from './infra.js';
import { figures, load, type LoadFigures } from './intake.js';
import { seedYearOfTickets, type SeededYear } from './year-seed.js';

/** Latency of one page or API read, over `requests` sequential requests after a warm-up. */
export interface ReadFigures {
  label: string;
  path: string;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Non-200 answers (any is a failure of the run). */
  failures: number;
}

/** One monthly XLSX export, downloaded whole, with the HTTP process's memory while it ran. */
export interface ExportFigures {
  month: string;
  /** Rows of the tickets sheet (tickets received in the month, in the export's scope). */
  tickets: number;
  seconds: number;
  bytes: number;
  /** Resident memory of the HTTP process just before the export, and its highest sample during it (MiB). */
  rssBeforeMiB: number;
  rssPeakMiB: number;
}

export interface YearPhase {
  /** Tickets stored when the phase started. */
  stored: number;
  intake: LoadFigures;
  reads: ReadFigures[];
  exports: ExportFigures[];
}

export interface YearFigures {
  seeded: SeededYear;
  connections: number;
  durationS: number;
  empty: YearPhase;
  year: YearPhase;
}

const READ_REQUESTS = 30;
const WARM_UP_REQUESTS = 3;
const RSS_SAMPLE_MS = 20;

function rssMiB(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

async function timedReads(
  base: string,
  label: string,
  path: string,
  headers: Record<string, string>,
): Promise<ReadFigures> {
  const times: number[] = [];
  let failures = 0;
  for (let i = 0; i < WARM_UP_REQUESTS + READ_REQUESTS; i++) {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, { headers, redirect: 'manual' });
    await response.arrayBuffer();
    const ms = performance.now() - started;
    if (response.status !== 200) failures++;
    if (i >= WARM_UP_REQUESTS) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return {
    label,
    path,
    requests: READ_REQUESTS,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    maxMs: times[times.length - 1]!,
    failures,
  };
}

/** The Vietnamese dates a month runs from and to (YYYY-MM → [YYYY-MM-01, YYYY-MM-last]). */
function monthDates(month: string): [string, string] {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return [`${month}-01`, `${month}-${String(last).padStart(2, '0')}`];
}

/** Downloads one month's XLSX through the API, sampling the HTTP process's RSS meanwhile. */
async function timedExport(
  base: string,
  month: string,
  token: string,
  pid: number | undefined,
): Promise<ExportFigures> {
  const [from, to] = monthDates(month);
  const rssBeforeMiB = rssMiB(pid);
  let rssPeakMiB = rssBeforeMiB;
  const sampler = setInterval(() => {
    rssPeakMiB = Math.max(rssPeakMiB, rssMiB(pid));
  }, RSS_SAMPLE_MS);
  const started = performance.now();
  try {
    const response = await fetch(`${base}/api/v1/reports/export?from=${from}&to=${to}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status !== 200) throw new Error(`export of ${month}: HTTP ${response.status}`);
    let bytes = 0;
    const reader = response.body!.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      bytes += chunk.value.length;
    const seconds = (performance.now() - started) / 1000;
    rssPeakMiB = Math.max(rssPeakMiB, rssMiB(pid));
    return { month, tickets: Number.NaN, seconds, bytes, rssBeforeMiB, rssPeakMiB };
  } finally {
    clearInterval(sampler);
  }
}

async function storedTickets(): Promise<number> {
  const { default: mongoose } = await import('mongoose');
  return mongoose.connection.db!.collection('tickets').countDocuments({});
}

async function exportRows(month: string): Promise<number> {
  const { default: mongoose } = await import('mongoose');
  const [from, to] = monthDates(month);
  const start = new Date(`${from}T00:00:00+07:00`);
  const end = new Date(new Date(`${to}T00:00:00+07:00`).getTime() + 86_400_000);
  return mongoose.connection
    .db!.collection('tickets')
    .countDocuments({ receivedAt: { $gte: start, $lt: end } });
}

/**
 * Intake, the dashboard, `GET /api/v1/stats`, two filtered list pages and the monthly XLSX export
 * of the busiest and the quietest month, first on an empty database, then with a year of `tickets`
 * stored (bench/year-seed.ts). One HTTP service process (no workers: nothing moves the seeded
 * tickets while they are measured).
 */
export async function benchYear(options: {
  mongo: BenchMongo;
  redis: RedisServer;
  tickets: number;
  connections: number;
  durationS: number;
  log: (line: string) => void;
}): Promise<YearFigures> {
  const { uri } = databaseUri(options.mongo, 'year');
  await connectBenchDatabase(uri);
  const now = new Date();
  const operator = await createStaff(
    { name: 'Nguyễn Thị Lan', email: 'operator@year.bench', role: 'operator' },
    now,
  );
  const chief = await createStaff({ name: 'Trần Văn Bình', email: 'chief@year.bench', role: 'chief' }, now);
  const [port, barePort] = [await freePort(), await freePort()];
  const server: ManagedProcess = new ManagedProcess(
    'year-server(bench)',
    process.execPath,
    ['--import', 'tsx', ...profileArgs(), 'bench/servers/intake-server.ts'],
    {
      ...serviceEnv({
        mongoUri: uri,
        redisUrl: options.redis.url,
        prefix: `bench-year-${randomBytes(3).toString('hex')}`,
        extra: { API_TOKEN_RATE_LIMIT_PER_MINUTE: '10000000' },
      }),
      PORT: String(port),
      BENCH_BARE_PORT: String(barePort),
    },
    async (): Promise<boolean> => server.output().includes('bench-intake-server ready'),
  );
  await server.start(60_000);
  const base = `http://127.0.0.1:${port}`;
  const intakeHeaders = { 'content-type': 'application/json', authorization: `Bearer ${operator.token}` };
  const bearer = { authorization: `Bearer ${chief.token}`, accept: 'application/json' };

  const phase = async (name: string, months: string[], unit: string): Promise<YearPhase> => {
    const stored = await storedTickets();
    // A session of the phase's own: seeding a year takes longer than a dashboard session stays idle.
    const session = await openLinkSession(
      { id: chief.staffId, name: 'Trần Văn Bình', email: 'chief@year.bench', role: 'chief', apiTokenId: '' },
      new Date(),
    );
    const page = { cookie: `hl_monitor_session=${session.sessionId}`, accept: 'text/html' };
    const intake = figures(
      await load(base, '/api/v1/tickets', intakeHeaders, options.connections, options.durationS),
    );
    options.log(
      `year, ${name} (${stored.toLocaleString('en-US')} stored): intake ${intake.perSecond.toFixed(0)} tickets/s at ${options.connections} connections (p50 ${intake.p50Ms} ms, p99 ${intake.p99Ms} ms, non-2xx ${intake.non2xx})`,
    );
    const reads = [
      await timedReads(base, 'dashboard (this month)', '/monitor', page),
      await timedReads(base, 'GET /api/v1/stats (this month)', '/api/v1/stats', bearer),
      await timedReads(base, `list, one unit (${unit})`, `/monitor/tickets?department=${unit}`, page),
      await timedReads(base, 'list, overdue', '/monitor/tickets?overdue=true', page),
    ];
    for (const read of reads)
      options.log(
        `year, ${name}: ${read.label} p50 ${read.p50Ms.toFixed(0)} ms, p95 ${read.p95Ms.toFixed(0)} ms, max ${read.maxMs.toFixed(0)} ms${read.failures ? `, ${read.failures} failed` : ''}`,
      );
    const exports: ExportFigures[] = [];
    for (const month of months) {
      const figures = await timedExport(base, month, chief.token, server.pid);
      figures.tickets = await exportRows(month);
      exports.push(figures);
      options.log(
        `year, ${name}: export of ${month} (${figures.tickets.toLocaleString('en-US')} tickets) ${figures.seconds.toFixed(1)} s, ${(figures.bytes / 1024).toFixed(0)} KiB, RSS ${figures.rssBeforeMiB.toFixed(0)} → peak ${figures.rssPeakMiB.toFixed(0)} MiB`,
      );
    }
    return { stored, intake, reads, exports };
  };

  try {
    await load(base, '/api/v1/tickets', intakeHeaders, 10, 3); // warm-up: JIT, pools
    const thisMonth = new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 7);
    const empty = await phase('empty database', [thisMonth], 'QLDL');
    options.log(`year: seeding ${options.tickets.toLocaleString('en-US')} tickets over 12 months…`);
    const seeded = await seedYearOfTickets(options.tickets, new Date());
    options.log(
      `year: seeded in ${seeded.seconds.toFixed(0)} s; busiest month ${seeded.busiestMonth} (${seeded.perMonth[seeded.busiestMonth]}), quietest ${seeded.quietestMonth} (${seeded.perMonth[seeded.quietestMonth]}); ${seeded.waiting} waiting on a unit, ${seeded.overdue} overdue`,
    );
    const year = await phase(
      'a year stored',
      [seeded.busiestMonth, seeded.quietestMonth],
      seeded.busiestUnit,
    );
    return { seeded, connections: options.connections, durationS: options.durationS, empty, year };
  } finally {
    await server.stop();
    await dropBenchDatabase();
  }
}
