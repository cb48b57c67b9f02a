import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { SlaPolicySchema, type SlaPolicy } from '../../../config/sla-policy.js';
import { connectDatabase } from '../../../shared/db/connection.js';
import { createStaff } from '../../../shared/staff/staff-accounts.js';
import { startMailCatcher, type MailCatcher } from '../../../tools/mail-catcher/index.js';
import { startMongoStandin, type MongoStandin } from '../../../tools/mongo-standin/index.js';
import { freePort } from '../../support/child-process.js';
import { secondsPolicy } from '../../support/pipeline.js';
import {
  serviceProcess,
  startRedisServer,
  startStandinProcess,
  type ManagedProcess,
  type RedisServer,
  type StandinServer,
} from '../../support/processes.js';

/**
 * Where the cluster's MongoDB stand-in runs. `process`: its own OS process (stopping it loses the
 * data, as the stand-in keeps everything in memory). `in-test`: inside the test process, so that an
 * outage can be simulated with suspend()/resume(), which drops every connection but keeps the data.
 */
export type StandinMode = 'process' | 'in-test';

/**
 * Spans in seconds: reminder 4 s before an 8 s deadline, level 2 four seconds after level 1, so every
 * ticket owes six e-mails within ~12 s of receipt. The file is a whole policy, valid against the schema.
 */
export function faultPolicy(): SlaPolicy {
  return SlaPolicySchema.parse(
    secondsPolicy({
      deadlines: { normal: { seconds: 8 }, urgent: { seconds: 4 } },
      reminderBefore: { seconds: 4 },
      escalation: [
        { level: 1, notify: ['officeChief'] },
        { level: 2, after: { seconds: 4 }, notify: ['director'] },
      ],
    }),
  );
}

export interface FaultCluster {
  label: string;
  mail: MailCatcher;
  redis: RedisServer;
  standinMode: StandinMode;
  /** Set in `process` mode. */
  standinProcess?: StandinServer;
  /** Set in `in-test` mode. */
  standin?: MongoStandin;
  http: ManagedProcess;
  apiUrl: string;
  workers: ManagedProcess[];
  /** Each worker's ops server (/healthz, /metrics), by the index of `workers`. */
  workerUrls: string[];
  operatorToken: string;
  operatorId: string;
  /** Every child process, for reports. */
  processes(): ManagedProcess[];
  /** The tail of every child's output, for a failure report. */
  outputs(): string;
  /** Stops everything this cluster started, whatever state it is in. Idempotent. */
  stop(): Promise<void>;
}

/** The test process's own mongoose connection to the cluster's database, with every model's indexes. */
async function connectTestProcess(uri: string, dbName: string): Promise<void> {
  if (mongoose.connection.readyState !== 0) await mongoose.disconnect();
  await connectDatabase(uri, dbName);
  // See test/support/database.ts: a model's cached failed init() from an earlier connection must go.
  for (const model of Object.values(mongoose.models)) delete (model as { $init?: unknown }).$init;
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
}

/**
 * A whole deployment on this machine: a MongoDB stand-in, a redis-server of its own, the SMTP sink
 * in the test process, one `--http` process and `workers` `--workers` processes, all separate OS
 * processes talking over TCP, configured only through their environment.
 */
export async function startFaultCluster(
  label: string,
  options: { workers: number; standin: StandinMode; policy?: SlaPolicy },
): Promise<FaultCluster> {
  const started: Array<() => Promise<unknown>> = [];
  const children: ManagedProcess[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled(children.map((child) => child.stop(5000)));
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    started.length = 0;
  };

  try {
    const dir = await mkdtemp(join(tmpdir(), `hotline-faults-${label}-`));
    started.push(() => rm(dir, { recursive: true, force: true }));
    const policyFile = join(dir, 'policy.json');
    await writeFile(policyFile, JSON.stringify(options.policy ?? faultPolicy(), null, 2));

    const mail = await startMailCatcher();
    started.push(() => mail.stop());
    const redis = await startRedisServer(`redis(${label})`);
    children.push(redis.process);

    let standinProcess: StandinServer | undefined;
    let standin: MongoStandin | undefined;
    let baseUri: string;
    if (options.standin === 'process') {
      standinProcess = await startStandinProcess(`mongo-standin(${label})`);
      children.push(standinProcess.process);
      baseUri = standinProcess.uri;
    } else {
      standin = await startMongoStandin();
      const inTest = standin;
      started.push(() => inTest.stop());
      baseUri = standin.uri;
    }
    const dbName = `faults_${label.replace(/\W/g, '_')}`;
    await connectTestProcess(baseUri, dbName);
    started.push(() => mongoose.disconnect());
    const operator = await createStaff(
      { name: 'Nguyễn Thị Lan', email: `operator@${label}.faults.test`, role: 'operator' },
      new Date(),
    );

    const prefix = `faults-${label.replace(/\W/g, '')}-${randomBytes(3).toString('hex')}`;
    const httpPort = await freePort();
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      MONGODB_URI: `${baseUri}${dbName}`,
      REDIS_URL: redis.url,
      SMTP_URL: mail.smtpUrl,
      QUEUE_PREFIX: prefix,
      POLICY_FILE: policyFile,
      PUBLIC_BASE_URL: `http://127.0.0.1:${httpPort}`,
      DATA_DIR: dir,
      SWEEP_INTERVAL_SECONDS: '1',
      SWEEP_GRACE_SECONDS: '1',
      NOTIFY_OUTSIDE_OFFICE_HOURS: 'true',
      SHUTDOWN_TIMEOUT_SECONDS: '5',
    };
    const http = await serviceProcess(`http(${label})`, 'http', env, httpPort);
    const workerServices = await Promise.all(
      Array.from({ length: options.workers }, (_, i) =>
        serviceProcess(`worker-${i + 1}(${label})`, 'workers', env),
      ),
    );
    const workers = workerServices.map((w) => w.process);
    children.push(http.process, ...workers);
    await Promise.all([http.process, ...workers].map((child) => child.start(60_000)));

    let stopping: Promise<void> | undefined;
    return {
      label,
      mail,
      redis,
      standinMode: options.standin,
      ...(standinProcess ? { standinProcess } : {}),
      ...(standin ? { standin } : {}),
      http: http.process,
      apiUrl: http.url,
      workers,
      workerUrls: workerServices.map((w) => w.url),
      operatorToken: operator.token,
      operatorId: operator.staffId,
      processes: () => [...children],
      outputs: () =>
        children
          .map(
            (child) => `----- ${child.name} (started ${child.starts}×) -----\n${child.output().slice(-3000)}`,
          )
          .join('\n'),
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
