import { randomBytes } from 'node:crypto';
import type winston from 'winston';
import { config as baseConfig, type Config } from '../../config/env.js';
import type { SlaPolicy } from '../../config/sla-policy.js';
import { loadSlaPolicy } from '../../config/sla-policy.js';
import type { Clock } from '../../shared/clock.js';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { createTicketDomain } from '../../shared/tickets/ticket-domain.js';
import { startService, type RunningService } from '../../main/start-service.js';
import { startMailCatcher, type MailCatcher } from '../../tools/mail-catcher/index.js';
import { testMongoKind, useFreshDatabase } from './database.js';
import { deleteQueuePrefix, uniqueQueuePrefix } from './redis.js';
import { quietLogger } from './quiet-logger.js';

export interface Pipeline {
  service: RunningService;
  mail: MailCatcher;
  config: Config;
  prefix: string;
  stop(): Promise<void>;
}

/** A policy with spans in seconds, so reminders and escalations happen within a test. */
export function secondsPolicy(overrides: Partial<SlaPolicy> = {}): SlaPolicy {
  return {
    ...loadSlaPolicy(),
    deadlines: { normal: { seconds: 4 }, urgent: { seconds: 2 } },
    categoryDeadlines: {},
    reminderBefore: { seconds: 2 },
    escalation: [
      { level: 1, notify: ['officeChief'] },
      { level: 2, after: { seconds: 2 }, notify: ['director'] },
    ],
    ...overrides,
  };
}

/** Fresh database, own queue prefix, a real SMTP sink, and the service (workers and/or HTTP) on top. */
export async function startPipeline(
  label: string,
  options: {
    http?: boolean;
    workers?: boolean;
    policy?: SlaPolicy;
    config?: Partial<Config>;
    clock?: Clock;
    /** A logger of the test's own (to read what the service logged); quiet by default. */
    log?: winston.Logger;
    /** Organisation file seeding this pipeline's database instead of config/departments.json. */
    tableFile?: string;
  } = {},
): Promise<Pipeline> {
  const dropDatabase = await useFreshDatabase(label);
  const mail = await startMailCatcher();
  const prefix = uniqueQueuePrefix(label);
  const config: Config = {
    ...baseConfig(),
    NODE_ENV: 'test',
    PORT: 0,
    QUEUE_PREFIX: prefix,
    SMTP_URL: mail.smtpUrl,
    NOTIFY_OUTSIDE_OFFICE_HOURS: true,
    SWEEP_INTERVAL_SECONDS: 1,
    SWEEP_GRACE_SECONDS: 1,
    ...options.config,
  };
  const domain = createTicketDomain({ policy: options.policy, tableFile: options.tableFile, warn: () => undefined });
  const service = await startService({
    http: options.http ?? false,
    workers: options.workers ?? true,
    config,
    log: options.log ?? quietLogger(),
    domain,
    clock: options.clock,
    mongoKind: testMongoKind(),
  });
  return {
    service,
    mail,
    config,
    prefix,
    stop: async () => {
      await service.stop();
      await mail.stop();
      await deleteQueuePrefix(prefix);
      await dropDatabase();
    },
  };
}

let counter = 0;

/** Stores a ticket as intake would (status `received`, routing owed) without going through HTTP. */
export async function seedReceivedTicket(fields: Record<string, unknown> = {}): Promise<string> {
  counter++;
  const now = new Date();
  const ticket = await Ticket.create({
    code: `1022-2026-${String(900000 + counter)}${randomBytes(1).toString('hex')}`,
    channel: 'phone',
    receivedAt: now,
    citizen: { name: 'Nguyễn Văn An', phone: '+84912345678', anonymous: false },
    category: 'entertainment_licensing',
    subject: 'Hồ sơ cấp phép karaoke bị trễ hạn',
    content: 'Tôi nộp hồ sơ đã 20 ngày chưa có kết quả. <script>alert(1)</script>',
    priority: 'normal',
    status: 'received',
    next: { action: 'route', dueAt: now, seq: 0 },
    events: [{ at: now, type: 'received', actor: { kind: 'staff', name: 'test' } }],
    ...fields,
  });
  return ticket._id.toString();
}
