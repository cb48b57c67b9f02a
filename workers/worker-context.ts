import type { Transporter } from 'nodemailer';
import type winston from 'winston';
import type { Config } from '../config/env.js';
import type { Clock } from '../shared/clock.js';
import type { QueueSet } from '../shared/queue/queues.js';
import type { TicketDomain } from '../shared/tickets/ticket-domain.js';

/** What every worker needs; built once per process. */
export interface WorkerContext {
  config: Config;
  log: winston.Logger;
  queues: QueueSet;
  clock: Clock;
  domain: TicketDomain;
  mail: Transporter;
  /** Connection URL of Redis for each worker's own blocking connection. */
  redisUrl: string;
  prefix: string;
  close(): Promise<void>;
}
