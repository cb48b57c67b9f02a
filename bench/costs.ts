import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * What each ticket costs, as figures that carry over to another machine or a real MongoDB: MongoDB
 * commands (counted by the driver in the service process, bench/probe.ts), Redis commands (INFO
 * commandstats of the run's own redis-server) and CPU milliseconds of each process (/proc).
 */
export interface StageCosts {
  tickets: number;
  mongoCommandsPerTicket: number;
  /** Per ticket, by `command collection`, largest first. */
  mongoByCommand: Record<string, number>;
  redisCommandsPerTicket: number;
  /** CPU ms per ticket, by process label. */
  cpuMsPerTicket: Record<string, number>;
}

/** A service process started with probeArgs(): its snapshots are read from its own file. */
export interface ProbedProcess {
  label: string;
  pid: () => number | undefined;
  file: string;
}

export interface PlainProcess {
  label: string;
  pid: () => number | undefined;
}

/** node options and environment that load bench/probe.ts into a service process. */
export function probeSetup(label: string): { nodeArgs: string[]; env: Record<string, string>; file: string } {
  const file = join(tmpdir(), `bench-probe-${label}-${randomBytes(4).toString('hex')}.json`);
  // tsx first (a second `--import tsx` after these is the same module, loaded once).
  return {
    nodeArgs: ['--import', 'tsx', '--import', './bench/probe.ts'],
    env: { BENCH_PROBE_FILE: file },
    file,
  };
}

/** `mongodb://…/db` with the driver's command monitoring on (the probe counts its events). */
export function monitoredUri(uri: string): string {
  const url = new URL(uri);
  url.searchParams.set('monitorCommands', 'true');
  return url.toString();
}

const CLOCK_TICK_MS = 10; // getconf CLK_TCK = 100 on Linux

function procCpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
  } catch {
    return Number.NaN;
  }
}

interface ProbeSnapshot {
  seq: number;
  mongo: { total: number; byCommand: Record<string, number> };
  cpuMs: number;
}

async function probeSnapshot(probe: ProbedProcess): Promise<ProbeSnapshot | undefined> {
  const pid = probe.pid();
  if (!pid) return undefined;
  const before = existsSync(probe.file)
    ? (JSON.parse(readFileSync(probe.file, 'utf8')) as ProbeSnapshot).seq
    : 0;
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    try {
      const snapshot = JSON.parse(readFileSync(probe.file, 'utf8')) as ProbeSnapshot;
      if (snapshot.seq > before) return snapshot;
    } catch {
      // not written yet, or half written
    }
  }
  return undefined;
}

async function redisCalls(url: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const stats = await redis.info('commandstats');
    return [...stats.matchAll(/calls=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  } finally {
    redis.disconnect();
  }
}

interface Mark {
  probes: Array<ProbeSnapshot | undefined>;
  cpu: number[];
  redis: number;
}

/** Takes a mark before a measured run; `finish(tickets)` turns the difference into per-ticket costs. */
export async function startCosts(options: {
  probes: ProbedProcess[];
  others: PlainProcess[];
  redisUrl: string;
}): Promise<{ finish: (tickets: number) => Promise<StageCosts> }> {
  const all = [...options.probes, ...options.others];
  const mark = async (): Promise<Mark> => ({
    probes: await Promise.all(options.probes.map(probeSnapshot)),
    cpu: all.map((p) => procCpuMs(p.pid())),
    redis: await redisCalls(options.redisUrl),
  });
  const before = await mark();
  return {
    finish: async (tickets) => {
      const after = await mark();
      const per = (value: number): number => (tickets > 0 ? value / tickets : Number.NaN);
      let mongoTotal = 0;
      const byCommand: Record<string, number> = {};
      options.probes.forEach((_, i) => {
        const a = after.probes[i];
        const b = before.probes[i];
        if (!a || !b) {
          mongoTotal = Number.NaN;
          return;
        }
        mongoTotal += a.mongo.total - b.mongo.total;
        for (const [key, count] of Object.entries(a.mongo.byCommand)) {
          const delta = count - (b.mongo.byCommand[key] ?? 0);
          if (delta > 0) byCommand[key] = (byCommand[key] ?? 0) + delta;
        }
      });
      const cpuMsPerTicket: Record<string, number> = {};
      all.forEach((p, i) => (cpuMsPerTicket[p.label] = per(after.cpu[i]! - before.cpu[i]!)));
      // Each mark's INFO (and its connection's HELLO/CLIENT SETNAME) counts too; take them out.
      const redisDelta = after.redis - before.redis - 3;
      return {
        tickets,
        mongoCommandsPerTicket: per(mongoTotal),
        mongoByCommand: Object.fromEntries(
          Object.entries(byCommand)
            .sort(([, a], [, b]) => b - a)
            .map(([key, count]) => [key, per(count)]),
        ),
        redisCommandsPerTicket: per(redisDelta),
        cpuMsPerTicket,
      };
    },
  };
}

/** `find tickets 1.00, insert tickets 1.00` — the largest per-ticket commands, for the report. */
export function topCommands(costs: StageCosts, limit = 6): string {
  return Object.entries(costs.mongoByCommand)
    .filter(([, perTicket]) => perTicket >= 0.01)
    .slice(0, limit)
    .map(([key, perTicket]) => `${key} ${perTicket.toFixed(2)}`)
    .join(', ');
}
