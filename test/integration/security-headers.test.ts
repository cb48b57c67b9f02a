import { expect } from 'chai';
import { Router } from 'express';
import type { RedisClient } from '../../shared/queue/redis-connection.js';
import { Writable } from 'node:stream';
import winston from 'winston';
import { config } from '../../config/env.js';
import { startService } from '../../main/start-service.js';
import { rateLimit } from '../../services/http/rate-limit.js';
import { MESSAGES_VI } from '../../shared/errors/messages-vi.js';
import { createRedisConnection } from '../../shared/queue/redis-connection.js';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { testMongoKind, useFreshDatabase } from '../support/database.js';
import { deleteQueuePrefix, scanKeys, TEST_REDIS_URL, uniqueQueuePrefix } from '../support/redis.js';

/** Nothing listens on port 1: connections are refused at once. */
const UNREACHABLE_REDIS_URL = 'redis://127.0.0.1:1';
const LIMIT = 3;

/** A logger that keeps warnings in memory instead of printing them. */
function capturingLogger(): { log: winston.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return {
    log: winston.createLogger({ level: 'warn', transports: [new winston.transports.Stream({ stream })] }),
    lines,
  };
}

/** A tiny route of the test's own behind a limiter of LIMIT requests a minute, on `redis`. */
function limitedRoute(
  redis: RedisClient,
  prefix: string,
  log: winston.Logger,
): { path: string; router: Router } {
  const router = Router();
  router.get(
    '/',
    rateLimit(
      { redis, config: { QUEUE_PREFIX: prefix }, log },
      { name: 'test', windowMs: 60_000, limit: LIMIT },
    ),
    (_req, res) => {
      res.json({ ok: true });
    },
  );
  return { path: '/limited', router };
}

async function startWithLimitedRoute(label: string, redisUrl: string, log: winston.Logger) {
  const prefix = uniqueQueuePrefix(label);
  const limiterRedis = createRedisConnection(redisUrl, 'producer');
  const service = await startService({
    http: true,
    workers: false,
    config: { ...config(), NODE_ENV: 'test', PORT: 0, QUEUE_PREFIX: prefix, REDIS_URL: redisUrl },
    mongoKind: testMongoKind(),
    log,
    extraRouters: [limitedRoute(limiterRedis, prefix, log)],
  });
  return {
    service,
    url: service.url ?? '',
    stop: async () => {
      await service.stop();
      limiterRedis.disconnect();
      if (redisUrl === TEST_REDIS_URL) await deleteQueuePrefix(prefix);
    },
  };
}

describe('HTTP security', () => {
  let dropDatabase: (() => Promise<void>) | undefined;
  let running: Awaited<ReturnType<typeof startWithLimitedRoute>> | undefined;
  let url: string;

  before(async () => {
    dropDatabase = await useFreshDatabase('security');
    running = await startWithLimitedRoute('security', TEST_REDIS_URL, capturingLogger().log);
    url = running.url;
  });

  after(async () => {
    await running?.stop();
    await dropDatabase?.();
  });

  describe('security headers', () => {
    it('allows scripts and styles from this site only, and sends no referrer', async () => {
      const response = await fetch(`${url}/healthz`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).to.include("default-src 'self'");
      expect(csp).to.include("script-src 'self'");
      expect(csp).to.include("style-src 'self'");
      expect(csp).to.include("frame-ancestors 'none'");
      expect(csp).not.to.include('unsafe-inline');
      expect(response.headers.get('referrer-policy')).to.equal('no-referrer');
      expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(response.headers.has('x-powered-by')).to.equal(false);
    });

    it('sets the same headers on error pages', async () => {
      const response = await fetch(`${url}/no-such-page`, { headers: { Accept: 'text/html' } });
      expect(response.status).to.equal(404);
      expect(response.headers.get('content-security-policy')).to.include("default-src 'self'");
      expect(response.headers.has('x-powered-by')).to.equal(false);
    });

    it('sends no CORS headers to a cross-origin request or preflight', async () => {
      const simple = await fetch(`${url}/healthz`, { headers: { Origin: 'https://evil.example' } });
      expect(simple.headers.has('access-control-allow-origin')).to.equal(false);
      const preflight = await fetch(`${url}/api/v1/tickets`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://evil.example',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,content-type',
        },
      });
      expect(preflight.headers.has('access-control-allow-origin')).to.equal(false);
      expect(preflight.headers.has('access-control-allow-methods')).to.equal(false);
    });
  });

  describe('rate limiter', () => {
    it(`answers 429 RATE_LIMITED with Retry-After after ${LIMIT} requests`, async () => {
      for (let i = 0; i < LIMIT; i += 1) {
        expect((await fetch(`${url}/limited`)).status, `request ${i + 1}`).to.equal(200);
      }
      const refused = await fetch(`${url}/limited`);
      expect(refused.status).to.equal(429);
      expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 60);
      expect(await refused.json()).to.deep.equal({
        error: { code: 'RATE_LIMITED', message: MESSAGES_VI.RATE_LIMITED },
      });
      const prefix = running?.service.ctx.config.QUEUE_PREFIX ?? '';
      // The whole SCAN, not its first page: the machine's Redis is shared and holds other runs' keys.
      const keys = await scanKeys(running!.service.ctx.redis, `${prefix}:rl:test:*`);
      expect(keys, 'the count lives in Redis, shared by every HTTP process').to.have.length(1);
    });
  });

  describe('admin queue board', () => {
    it('refuses a request without an admin bearer token', async () => {
      expect((await fetch(`${url}/admin/queues`)).status).to.equal(401);
      const operator = await createStaff(
        { name: 'Điện thoại viên', email: 'dtv@example.gov.vn', role: 'operator' },
        new Date(),
      );
      const forbidden = await fetch(`${url}/admin/queues`, {
        headers: { Authorization: `Bearer ${operator.token}` },
      });
      expect(forbidden.status).to.equal(403);
    });

    it('shows the board to an admin, with its own style policy and no X-Powered-By', async () => {
      const admin = await createStaff(
        { name: 'Quản trị', email: 'admin@example.gov.vn', role: 'admin' },
        new Date(),
      );
      const headers = { Authorization: `Bearer ${admin.token}` };
      const page = await fetch(`${url}/admin/queues`, { headers });
      expect(page.status).to.equal(200);
      expect(await page.text()).to.include('<base href="/admin/queues/"');
      expect(page.headers.get('content-security-policy')).to.include("script-src 'self'");
      expect(page.headers.has('x-powered-by')).to.equal(false);

      const api = await fetch(`${url}/admin/queues/api/queues`, { headers });
      expect(api.status).to.equal(200);
      const names = ((await api.json()) as { queues: Array<{ name: string }> }).queues.map(
        (queue) => queue.name,
      );
      expect(names).to.include.members(['route', 'notify', 'deadline', 'sweep', 'digest']);
    });
  });
});

describe('rate limiter with Redis unreachable', () => {
  let dropDatabase: (() => Promise<void>) | undefined;
  let running: Awaited<ReturnType<typeof startWithLimitedRoute>> | undefined;
  const captured = capturingLogger();

  before(async () => {
    dropDatabase = await useFreshDatabase('security_noredis');
    running = await startWithLimitedRoute('noredis', UNREACHABLE_REDIS_URL, captured.log);
  });

  after(async () => {
    await running?.stop();
    await dropDatabase?.();
  });

  it('lets every request through (fails open) and says so in the log once', async () => {
    for (let i = 0; i < LIMIT + 3; i += 1) {
      expect((await fetch(`${running?.url}/limited`)).status, `request ${i + 1}`).to.equal(200);
    }
    const warnings = captured.lines.filter((line) => line.includes('rate limiter store failed'));
    expect(warnings).to.have.length(1);
  });
});
