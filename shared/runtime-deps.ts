import type { Transporter } from 'nodemailer';
import type winston from 'winston';
import type { Config } from '../config/env.js';
import type { SmsGateway } from './notices/sms-gateway.js';
import type { Clock } from './clock.js';
import type { QueueSet } from './queue/queues.js';
import type { TicketDomain } from './tickets/ticket-domain.js';

/** What the use cases behind the queue doors need; a worker process builds it once (workers/worker-context.ts). */
export interface RuntimeDeps {
  config: Config;
  log: winston.Logger;
  queues: QueueSet;
  clock: Clock;
  domain: TicketDomain;
  /** The SMTP transport (shared/mail/transport.ts). */
  mail: Transporter;
  /** The SMS gateway (shared/notices/sms-gateway.ts); undefined when SMS_GATEWAY_URL is unset. */
  sms?: SmsGateway;
}
