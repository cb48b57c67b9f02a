import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type winston from 'winston';
import { config as loadConfig, type Config } from '../config/env.js';
import { systemClock, type Clock } from '../shared/clock.js';
import type { MongoKind } from '../shared/db/mongo-ladder.js';
import { logger as processLogger } from '../shared/log/logger.js';
import { createMailTransport } from '../shared/mail/transport.js';
import { createSmsGateway, smsStartUpLine } from '../shared/notices/sms-gateway.js';
import { longestNoticeSeptets, SMS_MAX_SEPTETS } from '../shared/notices/notice-text-vi.js';
import { createQueues } from '../shared/queue/queues.js';
import { attachOrganisationStore } from '../shared/organisation/organisation-sync.js';
import { createTicketDomain, type TicketDomain } from '../shared/tickets/ticket-domain.js';
import { closeHttpServer } from '../services/http/close-server.js';
import { createRedisConnection } from '../shared/queue/redis-connection.js';
import { startWorkers, type RunningWorkers } from '../workers/run-workers.js';
import type { AppContext } from '../services/app-context.js';
import { createApp } from '../services/app.js';
import { createViews } from '../services/http/views.js';
import { listen } from '../services/http/listen.js';
import { renameRetiredRoles } from '../shared/staff/rename-retired-roles.js';

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

/**
 * The composition root: builds the shared context once and starts the HTTP side (services/) and/or
 * the queue side (workers/) against an already connected mongoose. The two doors never import each
 * other; this folder is the one place that knows both.
 */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const config = options.config ?? loadConfig();
  const log = options.log ?? processLogger();
  const clock = options.clock ?? systemClock;
  const smsLine = smsStartUpLine(config, longestNoticeSeptets, SMS_MAX_SEPTETS);
  log[smsLine.level](smsLine.message);
  const domain =
    options.domain ??
    createTicketDomain({
      policyFile: config.POLICY_FILE,
      privacyPolicyFile: config.PRIVACY_POLICY_FILE,
      tableFile: config.DEPARTMENTS_FILE,
      warn: (message) => log.warn(message),
    });
  // The files in config/ seed the organisation on the very first start; from then on MongoDB holds it
  // (edited on /admin) and every request and job checks for a newer version first.
  const organisation = attachOrganisationStore(domain, {
    cacheMs: config.ORGANISATION_CACHE_MS,
    now: () => clock(),
    warn: (message) => log.warn(message),
  });
  await organisation.seed().catch((error: unknown) => {
    log.warn('organisation seed failed; using the files in config/ until MongoDB answers', {
      error: error instanceof Error ? error.message : String(error),
    });
  });
  await renameRetiredRoles()
    .then((changed) => {
      if (changed > 0) log.info('renamed retired staff roles (inspector → reviewer)', { changed });
    })
    .catch((error: unknown) => {
      log.warn('renaming retired staff roles failed; will try at the next start', {
        error: error instanceof Error ? error.message : String(error),
      });
    });
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
    const sms = createSmsGateway(config);
    workers = await startWorkers({
      config,
      log,
      queues,
      clock,
      domain,
      mail,
      sms,
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
