import { Queue, Worker } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { enqueueRoute } from '../shared/queue/enqueue.js';
import { createQueues } from '../shared/queue/queues.js';
import { createRedisConnection } from '../shared/queue/redis-connection.js';
import {
  connectBenchDatabase,
  databaseUri,
  dropBenchDatabase,
  percentile,
  serviceEnv,
  serviceProcess,
  until,
  type BenchMongo,
  profileArgs,
  type RedisServer,
} from './infra.js';
import { seedReceivedTickets, startCountingSink } from './seed.js';
import { monitoredUri, probeSetup, startCosts, type StageCosts } from './costs.js';

export interface PipelineFigures {
  n: number;
  /** Tickets from enqueueRoute to "assignment e-mail accepted by the SMTP sink", per second. */
  ticketsPerSecond: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  duplicates: number;
  /** The same number of no-op BullMQ jobs, added the same way, one worker of the same concurrency. */
  baselineJobsPerSecond: number;
  baselineSeconds: number;
  /** Per ticket, routing and e-mail together (one workers process does both), from first enqueue to last e-mail. */
  costs?: StageCosts;
  concurrency: number;
}

/** The workers' concurrency in this benchmark (each queue); the baseline's worker uses the same. */
const CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 16);

/** Enqueues with at most `width` calls in flight, as a burst of intake requests would. */
async function inWaves<T>(items: T[], width: number, add: (item: T) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += width)
    await Promise.all(items.slice(start, start + width).map(add));
}

/**
 * N stored tickets → route worker → notify worker → SMTP, with one `--workers` process as deployed
 * (WORKER_CONCURRENCY, default 16), timed from the first enqueue to the last assignment e-mail accepted.
 * Baseline: N no-op jobs through one BullMQ queue, worker in this process at the same concurrency.
 */
export async function benchPipeline(options: {
  mongo: BenchMongo;
  redis: RedisServer;
  n: number;
  log: (line: string) => void;
}): Promise<PipelineFigures> {
  const { n } = options;
  const { uri } = databaseUri(options.mongo, 'pipeline');
  await connectBenchDatabase(uri);
  const sink = await startCountingSink();
  const prefix = `bench-pipeline-${randomBytes(3).toString('hex')}`;
  const probe = probeSetup('workers');
  const worker = await serviceProcess(
    'workers(bench)',
    'workers',
    {
      ...serviceEnv({
        mongoUri: monitoredUri(uri),
        redisUrl: options.redis.url,
        prefix,
        smtpUrl: sink.smtpUrl,
        extra: { WORKER_CONCURRENCY: String(CONCURRENCY) },
      }),
      ...probe.env,
    },
    undefined,
    [...profileArgs(), ...probe.nodeArgs],
  );
  const producer = createRedisConnection(options.redis.url, 'producer');
  const queues = createQueues(producer, prefix);
  try {
    await worker.process.start(60_000);
    const ids = await seedReceivedTickets(n);
    options.log(`pipeline: ${n} tickets stored, enqueueing`);
    const enqueuedAt = new Map<string, number>();
    const measuring = await startCosts({
      probes: [{ label: 'workers', pid: () => worker.process.pid, file: probe.file }],
      others: [
        { label: 'MongoDB', pid: () => options.mongo.standin?.process.pid },
        { label: 'Redis', pid: () => options.redis.process.pid },
      ],
      redisUrl: options.redis.url,
    });
    const started = Date.now();
    await inWaves(ids, 200, async (id) => {
      enqueuedAt.set(id, Date.now());
      await enqueueRoute(queues, id);
    });
    const isAssign = (messageId: string) => messageId.includes('.assign-1@');
    await until(() => sink.count(isAssign) >= n, Math.max(120_000, n * 100), `${n} assignment e-mails`, 250);
    const seconds = (Date.now() - started) / 1000;
    const costs = await measuring.finish(n);
    options.log(
      `pipeline per ticket: ${costs.mongoCommandsPerTicket.toFixed(2)} MongoDB commands, ${costs.redisCommandsPerTicket.toFixed(2)} Redis commands, CPU ms ${Object.entries(
        costs.cpuMsPerTicket,
      )
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(', ')}; ${JSON.stringify(costs.mongoByCommand)}`,
    );
    const latencies = [...sink.arrivals]
      .filter(([messageId]) => isAssign(messageId))
      .map(([messageId, times]) => times[0]! - (enqueuedAt.get(messageId.split('.')[0]!) ?? started))
      .sort((a, b) => a - b);
    const duplicates = [...sink.arrivals.values()].reduce((sum, times) => sum + times.length - 1, 0);
    options.log(`pipeline: ${n} tickets in ${seconds.toFixed(1)} s`);

    const baseline = await noopBaseline(options.redis.url, n);
    options.log(`pipeline baseline: ${n} no-op jobs in ${baseline.toFixed(1)} s`);
    return {
      n,
      ticketsPerSecond: n / seconds,
      seconds,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      duplicates,
      baselineJobsPerSecond: n / baseline,
      baselineSeconds: baseline,
      costs,
      concurrency: CONCURRENCY,
    };
  } finally {
    await worker.process.stop();
    await queues.close();
    producer.disconnect();
    await sink.stop();
    await dropBenchDatabase();
  }
}

/** Seconds for N no-op jobs, added like enqueueRoute adds (one `add` each, 200 in flight), to complete. */
async function noopBaseline(redisUrl: string, n: number): Promise<number> {
  const prefix = `bench-noop-${randomBytes(3).toString('hex')}`;
  const producer = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const consumer = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('noop', { connection: producer, prefix });
  let completed = 0;
  const worker = new Worker('noop', async () => undefined, {
    connection: consumer,
    prefix,
    concurrency: CONCURRENCY,
  });
  worker.on('completed', () => completed++);
  try {
    const started = Date.now();
    await inWaves(
      Array.from({ length: n }, (_, i) => i),
      200,
      (i) =>
        queue.add('noop', { ticketId: `${i}` }, { jobId: `noop-${i}`, removeOnComplete: { count: 50_000 } }),
    );
    await until(() => completed >= n, Math.max(60_000, n * 20), `${n} no-op jobs`, 50);
    return (Date.now() - started) / 1000;
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    producer.disconnect();
    consumer.disconnect();
  }
}
