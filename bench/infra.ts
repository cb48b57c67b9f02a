import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { connectDatabase } from '../shared/db/connection.js';
import {
  serviceProcess,
  startRedisServer,
  startStandinProcess,
  type ManagedProcess,
  type RedisServer,
  type StandinServer,
} from '../test/support/processes.js';

/** Which MongoDB serves the run: results on the stand-in are not MongoDB figures, and say so. */
export interface BenchMongo {
  /** Base URI without a database name. */
  baseUri: string;
  label: string;
  kind: 'stand-in' | 'MongoDB';
  standin?: StandinServer;
}

/** The stand-in as its own process, or the MongoDB at MONGODB_URI when set (a real server). */
export async function startBenchMongo(): Promise<BenchMongo> {
  const external = process.env.MONGODB_URI;
  if (external) {
    const url = new URL(external);
    url.pathname = '/';
    return { baseUri: url.toString(), kind: 'MongoDB', label: `MongoDB at MONGODB_URI (${url.host})` };
  }
  const standin = await startStandinProcess('mongo-standin(bench)');
  return {
    baseUri: standin.uri,
    kind: 'stand-in',
    label:
      'the offline stand-in (tools/mongo-standin: in memory, only _id look-ups indexed, other queries scan), not MongoDB',
    standin,
  };
}

/** A database URI of its own for one benchmark. */
export function databaseUri(mongo: BenchMongo, name: string): { uri: string; dbName: string } {
  const dbName = `bench_${name}_${randomBytes(3).toString('hex')}`;
  const url = new URL(mongo.baseUri);
  url.pathname = `/${dbName}`;
  return { uri: url.toString(), dbName };
}

/** Connects this process's mongoose to `uri` and builds every model's indexes. */
export async function connectBenchDatabase(uri: string): Promise<void> {
  if (mongoose.connection.readyState !== 0) await mongoose.disconnect();
  await connectDatabase(uri);
  for (const model of Object.values(mongoose.models)) delete (model as { $init?: unknown }).$init;
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
}

/** Drops the current database (on a real server; the stand-in's process is simply stopped) and disconnects. */
export async function dropBenchDatabase(): Promise<void> {
  await mongoose.connection.db?.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
}

export { startRedisServer, serviceProcess, type ManagedProcess, type RedisServer };

/** Environment of a service process in a benchmark (workers or HTTP), configured like the fault suite's. */
export function serviceEnv(options: {
  mongoUri: string;
  redisUrl: string;
  prefix: string;
  smtpUrl?: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    MONGODB_URI: options.mongoUri,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: options.prefix,
    NOTIFY_OUTSIDE_OFFICE_HOURS: 'true',
    ...(options.smtpUrl ? { SMTP_URL: options.smtpUrl } : {}),
    ...options.extra,
  };
}

/** `BENCH_PROFILE_DIR=dir`: service processes write V8 CPU profiles there when they stop. */
export function profileArgs(): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** Percentile of already sorted numbers (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Resolves when `check` is true; polls every `everyMs`; rejects after `timeoutMs`. */
export async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
  everyMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
