import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import type winston from 'winston';
import { config as loadConfig, type Config } from '../config/env.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { connectDatabase, disconnectDatabase } from '../shared/db/connection.js';
import { provisionMongo, type MongoKind, type MongoProvision } from '../shared/db/mongo-ladder.js';
import { logger as processLogger } from '../shared/log/logger.js';
import { createMailTransport } from '../shared/mail/transport.js';
import { createQueues } from '../shared/queue/queues.js';
import { createTicketDomain, type TicketDomain } from '../shared/tickets/ticket-domain.js';
import { closeHttpServer } from './http/close-server.js';
import { createRedisConnection } from '../shared/queue/redis-connection.js';
import { startWorkers, type RunningWorkers } from '../workers/run-workers.js';
import type { AppContext } from './app-context.js';
import { createApp } from './app.js';
import { createViews } from './http/views.js';
import { startOpsServer } from './ops-server.js';
import { installShutdownHandlers } from './shutdown.js';
import { createFirstAdminIfNoStaff } from '../shared/staff/bootstrap-admin.js';
import { listen } from './http/listen.js';
import { loopbackOnly } from './http/loopback-only.js';

export interface ServiceOptions {
  http: boolean;
  workers: boolean;
  config?: Config;
  log?: winston.Logger;
  clock?: Clock;
  /** Tests connect mongoose to their own database first; the service then uses that connection. */
  mongoKind?: MongoKind;
  /** Rules to use instead of config/ (tests with their own policy). */
  domain?: TicketDomain;
  extraRouters?: AppContext['extraRouters'];
}

export interface RunningService {
  /** Base URL of the HTTP side, when it runs. */
  url?: string;
  server?: Server;
  ctx: AppContext;
  workers?: RunningWorkers;
  stop(): Promise<void>;
}

/** Starts the HTTP side and/or the workers against an already connected mongoose. */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const config = options.config ?? loadConfig();
  const log = options.log ?? processLogger();
  const clock = options.clock ?? systemClock;
  const domain =
    options.domain ??
    createTicketDomain({ policyFile: config.POLICY_FILE, warn: (message) => log.warn(message) });
  const redis = createRedisConnection(config.REDIS_URL, 'producer');
  const queues = createQueues(redis, config.QUEUE_PREFIX);
  const ctx: AppContext = {
    config,
    log,
    redis,
    queues,
    clock,
    domain,
    views: createViews(),
    mongoKind: options.mongoKind ?? 'external',
    extraRouters: options.extraRouters ?? [],
  };

  let server: Server | undefined;
  let url: string | undefined;
  if (options.http) {
    const app = createApp(ctx);
    server = await listen(app, config.PORT, config.LISTEN_ADDRESS);
    const { port } = server.address() as AddressInfo;
    url = `http://127.0.0.1:${port}`;
  }

  let workers: RunningWorkers | undefined;
  if (options.workers) {
    if (!config.SMTP_URL) throw new Error('SMTP_URL is required to run workers');
    const mail = createMailTransport(config.SMTP_URL);
    workers = await startWorkers({
      config,
      log,
      queues,
      clock,
      domain,
      mail,
      redisUrl: config.REDIS_URL,
      prefix: config.QUEUE_PREFIX,
      close: async () => {
        mail.close();
      },
    });
  }

  const stop = async (): Promise<void> => {
    if (server) await closeHttpServer(server);
    await workers?.close();
    await queues.close();
    redis.disconnect();
  };
  return { url, server, ctx, workers, stop };
}

/** What `npm start` does: the MongoDB ladder, the embedded mail catcher, then the service. */
export async function bootProcess(roles: { http: boolean; workers: boolean }): Promise<void> {
  let config = loadConfig();
  const log = processLogger();
  const mongo: MongoProvision = await provisionMongo({
    mongodbUri: config.MONGODB_URI,
    systemBinary: config.MONGOMS_SYSTEM_BINARY,
    production: config.isProduction,
    purpose: 'start',
    dataDir: config.DATA_DIR,
    allowDownload: config.MONGOMS_RUNTIME_DOWNLOAD,
    log,
  });
  await connectDatabase(mongo.uri, mongo.kind === 'external' ? undefined : 'hotline');
  log.info('MongoDB connected', { provider: mongo.kind, database: mongoose.connection.name });
  await createFirstAdminIfNoStaff(log, {
    terminal: process.stdout.isTTY ? process.stdout : undefined,
    dataDir: config.DATA_DIR,
  });

  const extraRouters: AppContext['extraRouters'] = [];
  let stopMailCatcher = async (): Promise<void> => {};
  if (!config.SMTP_URL) {
    // Development only (config refuses a missing SMTP_URL in production).
    const { startMailCatcher } = await import('../tools/mail-catcher/index.js');
    const catcher = await startMailCatcher();
    config = { ...config, SMTP_URL: catcher.smtpUrl };
    // Loopback only, whatever LISTEN_ADDRESS says: the bootstrap admin's address is public, so
    // anyone who could read this page could ask for the admin's login link and read it here.
    extraRouters.push({ path: '/dev/mail', router: loopbackOnly(catcher.router()) });
    stopMailCatcher = () => catcher.stop();
    log.warn(
      `E-mail: no SMTP_URL set, so mail is caught locally (${catcher.smtpUrl}); read it at ${config.PUBLIC_BASE_URL}/dev/mail`,
    );
  }

  const service = await startService({ ...roles, config, log, mongoKind: mongo.kind, extraRouters });
  if (service.url)
    log.info(
      `HTTP service listening on ${config.LISTEN_ADDRESS ?? 'every interface'}, port ${(service.server!.address() as AddressInfo).port}`,
      {
        publicUrl: config.PUBLIC_BASE_URL,
      },
    );
  if (service.workers) log.info('Workers started', { queues: service.workers.workers.map((w) => w.name) });
  const ops = roles.http ? undefined : await startWorkerOpsServer(service.ctx);

  installShutdownHandlers({
    log,
    timeoutMs: config.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    stop: async () => {
      // The ops server stays up while the workers drain, so /metrics shows what they are finishing.
      await service.stop();
      await ops?.close();
      await stopMailCatcher();
      await disconnectDatabase();
      await mongo.stop();
    },
  });
}

/**
 * A workers-only process answers /healthz, /readyz and /metrics on PORT (its container's health
 * check and Prometheus use them). When PORT is taken (`start:http` and `start:workers` side by
 * side on one machine) the workers run on without it rather than fail.
 */
async function startWorkerOpsServer(ctx: AppContext): Promise<{ close(): Promise<void> } | undefined> {
  try {
    const ops = await startOpsServer(ctx);
    ctx.log.info(`Worker health and metrics on port ${ctx.config.PORT}`);
    return ops;
  } catch (error) {
    ctx.log.warn('Worker health and metrics not served: set PORT to a free port to get them', {
      port: ctx.config.PORT,
      error: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}
