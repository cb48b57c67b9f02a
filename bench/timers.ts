import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Ticket } from '../shared/db/models/ticket.model.js';
import { enqueueTimer } from '../shared/queue/enqueue.js';
import { createQueues, DEFAULT_JOB_OPTIONS, jobId } from '../shared/queue/queues.js';
import { createRedisConnection } from '../shared/queue/redis-connection.js';
import {
  connectBenchDatabase,
  databaseUri,
  dropBenchDatabase,
  percentile,
  profileArgs,
  serviceEnv,
  serviceProcess,
  until,
  type BenchMongo,
  type RedisServer,
} from './infra.js';
import { seedTicketsDueForEscalation, startCountingSink } from './seed.js';

export interface TimerRun {
  /** Deadline jobs waiting in BullMQ's delayed set besides the probes. */
  pending: number;
  probes: number;
  /** Escalation lateness: the `escalated` event's time minus the timer's due time, in ms. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** (used_memory after adding the pending jobs − before) / pending, in bytes. */
  bytesPerPending?: number;
  /** Seconds taken to add the pending jobs with addBulk. */
  addSeconds?: number;
}

const PROBES = 200;
/** Probes fall due over this window, starting a few seconds after they are enqueued. */
const PROBE_WINDOW_MS = 10_000;
const PROBE_START_MS = 4000;
const ADD_BULK_CHUNK = 1000;
const DAY_MS = 86_400_000;

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? Number.NaN);
}

/**
 * Deadline jobs exactly as enqueueTimer makes them (name `timer`, `{ ticketId, seq }`, id
 * `timer-<ticketId>-<seq>`, the queue's default options), due 30 days and more from now, for tickets
 * that do not exist: they only occupy Redis, as the timers of a backlog of open tickets do.
 */
async function addPendingTimers(redisUrl: string, prefix: string, count: number): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('deadline', { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  try {
    for (let start = 0; start < count; start += ADD_BULK_CHUNK) {
      await queue.addBulk(
        Array.from({ length: Math.min(ADD_BULK_CHUNK, count - start) }, (_, k) => {
          const ticketId = randomBytes(12).toString('hex');
          return {
            name: 'timer',
            data: { ticketId, seq: 1 },
            opts: { jobId: jobId('timer', ticketId, 1), delay: 30 * DAY_MS + (start + k) * 1000 },
          };
        }),
      );
    }
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/**
 * Escalation lateness with 0, 10 000 and 100 000 other deadlines pending: 200 real tickets whose
 * level-1 escalation falls due over 10 s are enqueued with enqueueTimer and fired by the real
 * deadline worker in a `--workers` process; lateness is read from each ticket's `escalated` event.
 * Redis memory per pending deadline is measured on the redis-server of the benchmark (INFO memory).
 */
export async function benchTimers(options: {
  mongo: BenchMongo;
  redis: RedisServer;
  sizes: number[];
  log: (line: string) => void;
}): Promise<TimerRun[]> {
  const { uri } = databaseUri(options.mongo, 'timers');
  await connectBenchDatabase(uri);
  const sink = await startCountingSink();
  const prefix = `bench-timers-${randomBytes(3).toString('hex')}`;
  const admin = new Redis(options.redis.url, { maxRetriesPerRequest: null });
  const producer = createRedisConnection(options.redis.url, 'producer');
  const queues = createQueues(producer, prefix);
  const worker = await serviceProcess(
    'workers(bench-timers)',
    'workers',
    serviceEnv({ mongoUri: uri, redisUrl: options.redis.url, prefix, smtpUrl: sink.smtpUrl }),
    undefined,
    profileArgs(),
  );
  const runs: TimerRun[] = [];
  try {
    await worker.process.start(60_000);
    for (const [round, pending] of options.sizes.entries()) {
      await admin.flushall();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const before = await usedMemory(admin);
      const addStarted = Date.now();
      if (pending > 0) await addPendingTimers(options.redis.url, prefix, pending);
      const addSeconds = (Date.now() - addStarted) / 1000;
      const after = await usedMemory(admin);

      const start = Date.now() + PROBE_START_MS;
      const probes = await seedTicketsDueForEscalation(
        PROBES,
        (i) => new Date(start + (i * PROBE_WINDOW_MS) / PROBES),
        (round + 1) * 100_000,
      );
      await Promise.all(
        probes.map((probe) => enqueueTimer(queues, probe.id, { seq: 1, dueAt: probe.dueAt })),
      );
      const ids = probes.map((probe) => probe.id);
      await until(
        async () => (await Ticket.countDocuments({ _id: { $in: ids }, 'escalation.level': 1 })) >= PROBES,
        PROBE_START_MS + PROBE_WINDOW_MS + 120_000,
        `${PROBES} escalations`,
        500,
      );
      const fired = await Ticket.find({ _id: { $in: ids } }, { events: 1 }).lean();
      const lateness = fired
        .map((ticket) => {
          const event = ticket.events.find((e) => e.type === 'escalated');
          const dueAt = (event?.data as { dueAt?: Date } | undefined)?.dueAt;
          return event && dueAt ? event.at.getTime() - new Date(dueAt).getTime() : Number.NaN;
        })
        .sort((a, b) => a - b);
      const run: TimerRun = {
        pending,
        probes: PROBES,
        p50Ms: percentile(lateness, 50),
        p99Ms: percentile(lateness, 99),
        maxMs: lateness[lateness.length - 1] ?? Number.NaN,
        ...(pending > 0 ? { bytesPerPending: (after - before) / pending, addSeconds } : {}),
      };
      options.log(
        `timers with ${pending} pending: lateness p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, max ${run.maxMs} ms` +
          (run.bytesPerPending
            ? `; ${run.bytesPerPending.toFixed(0)} bytes of Redis per pending deadline (added in ${addSeconds.toFixed(1)} s)`
            : ''),
      );
      runs.push(run);
    }
    return runs;
  } catch (error) {
    options.log(`timers: failed; worker output:\n${worker.process.output().slice(-3000)}`);
    throw error;
  } finally {
    await worker.process.stop();
    await queues.close();
    producer.disconnect();
    admin.disconnect();
    await sink.stop();
    await dropBenchDatabase();
  }
}
