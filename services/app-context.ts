import type { Router } from 'express';
import type { RedisClient } from '../shared/queue/redis-connection.js';
import type winston from 'winston';
import type { Config } from '../config/env.js';
import type { Clock } from '../shared/clock.js';
import type { MongoKind } from '../shared/db/mongo-ladder.js';
import type { QueueSet } from '../shared/queue/queues.js';
import type { TicketDomain } from '../shared/tickets/ticket-domain.js';
import type { ViewRenderer } from './http/views.js';

/** Everything a router needs, built once at start-up and passed down (no module-level singletons). */
export interface AppContext {
  config: Config;
  log: winston.Logger;
  /** Fail-fast producer connection: enqueueing never blocks a request when Redis is down. */
  redis: RedisClient;
  queues: QueueSet;
  clock: Clock;
  /** Routing table, SLA policy and working calendars, validated once at start-up. */
  domain: TicketDomain;
  views: ViewRenderer;
  mongoKind: MongoKind;
  /** Development-only extras, such as the embedded mail catcher's web view. */
  extraRouters?: Array<{ path: string; router: Router }>;
}
