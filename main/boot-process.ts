import mongoose from 'mongoose';
import { config as loadConfig } from '../config/env.js';
import { connectDatabase, disconnectDatabase } from '../shared/db/connection.js';
import { provisionMongo, type MongoProvision } from '../shared/db/mongo-ladder.js';
import { loadDevTools } from '../shared/dev-tools.js';
import { logger as processLogger } from '../shared/log/logger.js';
import { createFirstAdminIfNoStaff } from '../shared/staff/bootstrap-admin.js';
import type { AppContext } from '../services/app-context.js';
import { startOpsServer } from '../services/ops-server.js';
import { installShutdownHandlers } from '../services/shutdown.js';
import { loopbackOnly } from '../services/http/loopback-only.js';
import type { AddressInfo } from 'node:net';
import { startService } from './start-service.js';

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
    const catcher = await (await loadDevTools(config.isProduction)).startMailCatcher();
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
