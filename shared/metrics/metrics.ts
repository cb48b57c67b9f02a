import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics: one registry with Node's default process metrics.
 * Label values must come from small fixed sets (a queue name, an e-mail kind, a level), never
 * from people's data, ticket codes or raw paths, or the series multiply without bound.
 */
const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const metrics = {
  registry,

  /** HTTP latency in seconds by method, route pattern (never the raw path) and status. */
  httpRequestDuration: new Histogram<'method' | 'route' | 'status'>({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency in seconds, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  }),

  /** Tickets stored by intake (any channel, including resolved at intake). Call `.inc()`. */
  ticketsCreated: new Counter({
    name: 'tickets_created_total',
    help: 'Tickets created',
    registers: [registry],
  }),

  /** Assignments to a unit, first ones and reassignments. Call `.inc()`. */
  ticketsAssigned: new Counter({
    name: 'tickets_assigned_total',
    help: 'Tickets assigned (or reassigned) to a unit',
    registers: [registry],
  }),

  /** Answers recorded by a unit. Call `.inc()`. */
  ticketsAnswered: new Counter({
    name: 'tickets_answered_total',
    help: 'Tickets answered by a unit',
    registers: [registry],
  }),

  /** Escalations by level (1, 2, ...). Call `.inc({ level })`. */
  ticketsEscalated: new Counter<'level'>({
    name: 'tickets_escalated_total',
    help: 'Overdue tickets escalated, by escalation level',
    labelNames: ['level'],
    registers: [registry],
  }),

  /** E-mails handed to SMTP, by outbox kind (`assign`, `remind`, `escalate`, ...). Call `.inc({ kind })`. */
  emailsSent: new Counter<'kind'>({
    name: 'emails_sent_total',
    help: 'E-mails accepted by the SMTP server, by kind',
    labelNames: ['kind'],
    registers: [registry],
  }),

  /** Failed SMTP attempts, by outbox kind (a retry that then succeeds counts here once too). Call `.inc({ kind })`. */
  emailSendFailures: new Counter<'kind'>({
    name: 'email_send_failures_total',
    help: 'Failed attempts to send an e-mail, by kind',
    labelNames: ['kind'],
    registers: [registry],
  }),

  /** SMS notices the gateway accepted, by kind (`notice_received`, …). Call `.inc({ kind })`. */
  smsSent: new Counter<'kind'>({
    name: 'sms_sent_total',
    help: 'SMS notices accepted by the SMS gateway, by kind',
    labelNames: ['kind'],
    registers: [registry],
  }),

  /** Failed attempts to hand an SMS notice to the gateway, by kind. Call `.inc({ kind })`. */
  smsSendFailures: new Counter<'kind'>({
    name: 'sms_send_failures_total',
    help: 'Failed attempts to send an SMS notice, by kind',
    labelNames: ['kind'],
    registers: [registry],
  }),

  /** Messages read from the replies' mailbox, by outcome (`answered`, `unknown`, `withdrawn`, `automatic`, …). Call `.inc({ outcome })`. */
  inboundMails: new Counter<'outcome'>({
    name: 'inbound_mails_total',
    help: "Messages read from the units' replies mailbox, by outcome",
    labelNames: ['outcome'],
    registers: [registry],
  }),

  /** 1 while this process holds a working connection to the replies' mailbox, else 0 (unset: not configured). */
  inboundMailboxUp: new Gauge({
    name: 'inbound_mailbox_up',
    help: "Whether this worker process is connected to the units' replies mailbox (1) or retrying (0)",
    registers: [registry],
  }),

  /** Failed connections to (or sessions lost with) the replies' mailbox. Call `.inc()`. */
  inboundMailboxFailures: new Counter({
    name: 'inbound_mailbox_failures_total',
    help: "Failed or lost connections to the units' replies mailbox",
    registers: [registry],
  }),

  /** Tickets waiting for a unit's answer past their deadline; set on each scrape. */
  ticketsOverdue: new Gauge({
    name: 'tickets_overdue',
    help: 'Tickets assigned or awaiting a transfer decision whose deadline has passed (computed on scrape)',
    registers: [registry],
  }),

  /** BullMQ job counts by queue and state (waiting, active, delayed, failed); set on each scrape. */
  queueJobs: new Gauge<'queue' | 'state'>({
    name: 'queue_jobs',
    help: 'BullMQ jobs by queue and state (computed on scrape)',
    labelNames: ['queue', 'state'],
    registers: [registry],
  }),

  /** Jobs this process is working on right now, by queue (a graceful stop waits for them). */
  workerJobsActive: new Gauge<'queue'>({
    name: 'worker_jobs_active',
    help: 'Jobs this process is working on now, by queue',
    labelNames: ['queue'],
    registers: [registry],
  }),

  /** Scrape-time sources (MongoDB, Redis) that did not answer in time; their gauges are left empty. */
  scrapeFailures: new Counter<'source'>({
    name: 'metrics_scrape_failures_total',
    help: 'Scrape-time sources that failed or timed out, by source',
    labelNames: ['source'],
    registers: [registry],
  }),
};
