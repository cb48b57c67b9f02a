/**
 * `npm run bench [-- --full] [-- --only=text,intake,pipeline,timers,year] [-- --duration=10] [-- --tickets=100000]`
 * Runs the benchmarks on this machine and writes bench/results/<date>.md and .json and
 * bench/results/latest.md. MongoDB: MONGODB_URI when set (a real server), else the offline stand-in
 * as its own process; the results say which. BENCH_PROFILE_DIR=dir makes the service processes
 * write V8 CPU profiles there.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { benchIntake } from './intake.js';
import { startBenchMongo, startRedisServer } from './infra.js';
import { benchPipeline } from './pipeline.js';
import { renderMarkdown, type BenchResults } from './report.js';
import { benchTimers } from './timers.js';
import { benchYear } from './year.js';
import { benchTextCleaning } from './text.js';

const RESULTS_DIR = new URL('./results/', import.meta.url);
const KINDS = ['text', 'intake', 'pipeline', 'timers'] as const;
/** Stages that only `--full` or `--only` runs (the year seeds 100,000 tickets: minutes on the stand-in). */
const FULL_KINDS = ['year'] as const;

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    only: { type: 'string' },
    duration: { type: 'string', default: '10' },
    /** Tickets through the pipeline (default 2,000; 10,000 with --full), e.g. fewer while developing. */
    'pipeline-n': { type: 'string' },
    /** Tickets the year benchmark stores (default 100,000), e.g. 5,000 to try it. */
    tickets: { type: 'string' },
  },
});
const full = values.full ?? false;
const only = new Set<string>(values.only ? values.only.split(',') : full ? [...KINDS, ...FULL_KINDS] : KINDS);
const durationS = Number(values.duration);
/** 10,000 is the issue's figure; on the stand-in that takes minutes, so the default run uses fewer. */
const pipelineN = values['pipeline-n'] ? Number(values['pipeline-n']) : full ? 10_000 : 2000;
const yearTickets = values.tickets ? Number(values.tickets) : 100_000;

function log(line: string): void {
  console.log(`[bench] ${line}`);
}

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} with uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

async function redisVersion(url: string): Promise<string> {
  const redis = new Redis(url);
  try {
    return /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
  } finally {
    redis.disconnect();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const mongo = await startBenchMongo();
  const redis = await startRedisServer('redis(bench)');
  const args = process.argv.slice(2).join(' ');
  const results: BenchResults = {
    environment: {
      date: new Date().toISOString().slice(0, 10),
      mongo: mongo.label,
      mongoKind: mongo.kind,
      node: process.version,
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
      platform: `${os.type()} ${os.release()}`,
      redis: await redisVersion(redis.url),
      commit: commit(),
      command: `npm run bench${args ? ` -- ${args}` : ''}`,
      loadAverage: { start: os.loadavg()[0] ?? Number.NaN },
    },
  };
  log(`MongoDB: ${mongo.label}; Node.js ${process.version}; ${os.cpus().length} cores`);
  try {
    // In-process and synchronous (a second or so): before the load tests heat the machine.
    if (only.has('text')) results.text = benchTextCleaning({ log });
    if (only.has('intake')) {
      results.intake = {
        durationS,
        runs: await benchIntake({ mongo, redis, connections: [50, 200], durationS, log }),
      };
    }
    if (only.has('pipeline'))
      results.pipeline = { ...(await benchPipeline({ mongo, redis, n: pipelineN, log })), full };
    if (only.has('timers'))
      results.timers = await benchTimers({ mongo, redis, sizes: [0, 10_000, 100_000], log });
    if (only.has('year'))
      results.year = await benchYear({ mongo, redis, tickets: yearTickets, connections: 50, durationS, log });
  } finally {
    await mongoose.disconnect().catch(() => undefined);
    await redis.process.stop();
    await mongo.standin?.process.stop();
  }
  results.environment.seconds = (Date.now() - started) / 1000;
  results.environment.loadAverage.end = os.loadavg()[0] ?? Number.NaN;

  const markdown = renderMarkdown(results);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const date = results.environment.date;
  writeFileSync(new URL(`${date}.md`, RESULTS_DIR), markdown);
  writeFileSync(new URL(`${date}.json`, RESULTS_DIR), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(new URL('latest.md', RESULTS_DIR), markdown);
  console.log(`\n${markdown}`);
  log(`written: bench/results/${date}.md, ${date}.json, latest.md`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
