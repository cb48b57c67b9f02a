import { expect } from 'chai';
import { config } from '../../config/env.js';
import { startService, type RunningService } from '../../main/start-service.js';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { metrics } from '../../shared/metrics/metrics.js';
import { testMongoKind, useFreshDatabase } from '../support/database.js';
import { deleteQueuePrefix, uniqueQueuePrefix } from '../support/redis.js';

const METRICS_TOKEN = 'test-metrics-token-0123456789';

/** The value of one sample line (`name{labels} value`) in a Prometheus text exposition, 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

async function startMetricsService(label: string, metricsToken?: string): Promise<RunningService> {
  return startService({
    http: true,
    workers: false,
    config: {
      ...config(),
      NODE_ENV: 'test',
      PORT: 0,
      QUEUE_PREFIX: uniqueQueuePrefix(label),
      METRICS_TOKEN: metricsToken,
    },
    mongoKind: testMongoKind(),
  });
}

async function stopService(service: RunningService | undefined): Promise<void> {
  if (!service) return;
  await service.stop();
  await deleteQueuePrefix(service.ctx.config.QUEUE_PREFIX);
}

function overdueTicket(code: string, deadline: Date): Record<string, unknown> {
  return {
    code,
    channel: 'phone',
    receivedAt: new Date(deadline.getTime() - 86_400_000),
    category: 'festival',
    subject: 'Loa thùng hát karaoke sau 22 giờ',
    content: 'Nội dung thử nghiệm',
    status: 'assigned',
    assignment: {
      no: 1,
      unitCode: 'PQLVH',
      assignedAt: new Date(deadline.getTime() - 3_600_000),
      deadline,
      tokenHash: `hash-${code}`,
      tokenSalt: 'salt',
      tokenExpiresAt: new Date(deadline.getTime() + 30 * 86_400_000),
    },
  };
}

describe('metrics endpoint', () => {
  let dropDatabase: (() => Promise<void>) | undefined;
  let service: RunningService | undefined;
  let url: string;

  before(async () => {
    dropDatabase = await useFreshDatabase('metrics');
    service = await startMetricsService('metrics');
    url = service.url ?? '';
  });

  after(async () => {
    await stopService(service);
    await dropDatabase?.();
  });

  it('serves the process, HTTP and ticket metrics to a loopback client', async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/plain/);
    const text = await response.text();
    for (const name of [
      'process_cpu_seconds_total',
      'nodejs_heap_size_used_bytes',
      'http_request_duration_seconds',
      'tickets_created_total',
      'tickets_assigned_total',
      'tickets_answered_total',
      'tickets_escalated_total',
      'emails_sent_total',
      'email_send_failures_total',
      'tickets_overdue',
      'queue_jobs',
    ]) {
      expect(text, name).to.include(`# TYPE ${name} `);
    }
  });

  it('counts requests by route pattern, never by the raw path', async () => {
    const series = 'http_request_duration_seconds_count{method="GET",route="/healthz",status="200"}';
    const before = sample(await (await fetch(`${url}/metrics`)).text(), series);
    await fetch(`${url}/healthz`);
    await fetch(`${url}/healthz`);
    const token = 'Zk3vQ9xYbT2mN8pL4rW7sJ1dF6hA0cE5uI';
    expect((await fetch(`${url}/answer/${token}`)).status).to.equal(404);
    expect((await fetch(`${url}/nowhere/${token}`)).status).to.equal(404);

    const text = await (await fetch(`${url}/metrics`)).text();
    expect(sample(text, series)).to.equal(before + 2);
    const count = (route: string): number =>
      sample(text, `http_request_duration_seconds_count{method="GET",route="${route}",status="404"}`);
    expect(count('/answer/:token'), 'an unknown answer link, labelled by its route').to.be.at.least(1);
    expect(count('unmatched'), 'a path no route matches').to.be.at.least(1);
    expect(text).not.to.include(token);
  });

  it('shows counters incremented by the code that owns them', async () => {
    const read = async (): Promise<string> => (await fetch(`${url}/metrics`)).text();
    const before = await read();
    metrics.ticketsCreated.inc();
    metrics.ticketsEscalated.inc({ level: 2 });
    metrics.emailsSent.inc({ kind: 'assign' });
    const after = await read();
    expect(sample(after, 'tickets_created_total')).to.equal(sample(before, 'tickets_created_total') + 1);
    expect(sample(after, 'tickets_escalated_total{level="2"}')).to.equal(
      sample(before, 'tickets_escalated_total{level="2"}') + 1,
    );
    expect(sample(after, 'emails_sent_total{kind="assign"}')).to.equal(
      sample(before, 'emails_sent_total{kind="assign"}') + 1,
    );
  });

  it('counts overdue tickets and queued jobs at scrape time', async () => {
    const now = Date.now();
    await Ticket.create(overdueTicket('HL-TEST-0001', new Date(now - 3_600_000)));
    await Ticket.create(overdueTicket('HL-TEST-0002', new Date(now + 86_400_000)));
    await Ticket.create({ ...overdueTicket('HL-TEST-0003', new Date(now - 3_600_000)), status: 'answered' });
    await service?.ctx.queues.route.add(
      'route',
      { ticketId: 'metrics-test' },
      { jobId: 'route-metrics-test', delay: 600_000 },
    );

    const text = await (await fetch(`${url}/metrics`)).text();
    expect(sample(text, 'tickets_overdue')).to.equal(1);
    expect(sample(text, 'queue_jobs{queue="route",state="delayed"}')).to.equal(1);
    expect(sample(text, 'queue_jobs{queue="notify",state="waiting"}')).to.equal(0);
    expect(text).to.include('queue_jobs{queue="digest",state="failed"} 0');
  });

  it('hides /metrics from a request forwarded by a proxy, even over loopback', async () => {
    const response = await fetch(`${url}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.7' } });
    expect(response.status).to.equal(404);
  });
});

describe('metrics endpoint with METRICS_TOKEN set', () => {
  let dropDatabase: (() => Promise<void>) | undefined;
  let service: RunningService | undefined;
  let url: string;

  before(async () => {
    dropDatabase = await useFreshDatabase('metrics_token');
    service = await startMetricsService('metricstoken', METRICS_TOKEN);
    url = service.url ?? '';
  });

  after(async () => {
    await stopService(service);
    await dropDatabase?.();
  });

  it('refuses a scrape without the token, even from loopback', async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).to.equal(401);
    expect(response.headers.get('www-authenticate')).to.match(/^Bearer/);
    expect(((await response.json()) as { error: { code: string } }).error.code).to.equal('UNAUTHENTICATED');
  });

  it('refuses a wrong token', async () => {
    const response = await fetch(`${url}/metrics`, {
      headers: { Authorization: `Bearer ${METRICS_TOKEN}x` },
    });
    expect(response.status).to.equal(401);
  });

  it('serves the metrics for the right token, from any client', async () => {
    const response = await fetch(`${url}/metrics`, {
      headers: { Authorization: `Bearer ${METRICS_TOKEN}`, 'X-Forwarded-For': '203.0.113.7' },
    });
    expect(response.status).to.equal(200);
    expect(await response.text()).to.include('# TYPE tickets_overdue gauge');
  });
});
