import { expect } from 'chai';
import { request as httpRequest } from 'node:http';
import { ApiToken } from '../../shared/db/models/staff.model.js';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { hashToken } from '../../shared/security/tokens.js';
import { issueApiToken } from '../../shared/staff/api-tokens.js';
import {
  api,
  startIntakeService,
  ticketBody,
  type ApiResponse,
  type IntakeService,
} from '../support/intake-service.js';

const VIETNAMESE = /[ạảãáàâấầẩẫậăắằẳẵặêếềểễệôốồổỗộơớờởỡợưứừửữựđ]/i;

function expectError(res: ApiResponse, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.body.error.code).to.equal(code);
  expect(res.body.error.message).to.match(VIETNAMESE);
}

describe('API tokens: expiry, scopes and a rate limit of their own', function () {
  this.timeout(30_000);
  let svc: IntakeService;
  let now = new Date('2026-12-01T03:00:00Z');

  before(async () => {
    svc = await startIntakeService(
      'intake-token-hardening',
      { API_TOKEN_RATE_LIMIT_PER_MINUTE: 3 },
      { clock: () => now },
    );
  });
  after(async () => {
    await svc?.stop();
  });

  const post = (token: string, key?: string) =>
    api(svc.url, 'POST', '/api/v1/tickets', {
      token,
      body: ticketBody(),
      ...(key ? { headers: { 'Idempotency-Key': key } } : {}),
    });
  const list = (token: string) => api(svc.url, 'GET', '/api/v1/tickets', { token });

  it('refuses a token past its expiry with 401 TOKEN_EXPIRED, in Vietnamese', async () => {
    const issued = await issueApiToken(svc.staffIds.operator, now, {
      expiresAt: new Date(now.getTime() + 90 * 86_400_000),
    });
    expect((await post(issued.token)).status).to.equal(201);
    now = new Date(now.getTime() + 90 * 86_400_000);
    const refused = await post(issued.token);
    expectError(refused, 401, 'TOKEN_EXPIRED');
    expect(refused.headers.get('www-authenticate')).to.contain('invalid_token');
    expect(refused.body.error.message).to.contain('hết hạn');
  });

  it('lets an intake-only token log calls but not read tickets, and a read-only token the reverse (403)', async () => {
    const intake = await issueApiToken(svc.staffIds.operator, now, { scopes: ['intake'] });
    const read = await issueApiToken(svc.staffIds.operator, now, { scopes: ['read'] });
    expect((await post(intake.token)).status).to.equal(201);
    expectError(await list(intake.token), 403, 'TOKEN_SCOPE_MISSING');
    const before = await Ticket.countDocuments({});
    expectError(await post(read.token), 403, 'TOKEN_SCOPE_MISSING');
    expect(await Ticket.countDocuments({})).to.equal(before);
    expect((await list(read.token)).status).to.equal(200);
  });

  it('keeps tokens issued before expiry and scopes working for everything, as before', async () => {
    // The shape tokens had before: no expiry, no scopes, no copy of the owner.
    const token = `hl_${'A'.repeat(43)}`;
    await ApiToken.collection.insertOne({
      staffId: (await ApiToken.findOne({ staffId: svc.staffIds.operator }).lean())!.staffId,
      hash: hashToken(token),
      prefix: token.slice(0, 11),
      createdAt: now,
    });
    expect((await post(token)).status).to.equal(201);
    expect((await list(token)).status).to.equal(200);
  });

  it("limits each token on its own: the fourth call in a minute gets 429, another token's calls pass", async () => {
    const busy = await issueApiToken(svc.staffIds.operator, now);
    const other = await issueApiToken(svc.staffIds.operator, now);
    for (let i = 0; i < 3; i++) expect((await list(busy.token)).status).to.equal(200);
    const limited = await list(busy.token);
    expectError(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).to.be.greaterThan(0);
    expect((await list(other.token)).status).to.equal(200);
  });
});

describe('scopes and rate limits on the rest of /api/v1', function () {
  this.timeout(30_000);
  let svc: IntakeService;
  const now = new Date('2026-12-01T03:00:00Z');

  before(async () => {
    svc = await startIntakeService(
      'api-token-guard',
      { API_TOKEN_RATE_LIMIT_PER_MINUTE: 3 },
      { clock: () => now },
    );
  });
  after(async () => {
    await svc?.stop();
  });

  it('refuses a read-only token the call-back and the citizen reply, and changes nothing', async () => {
    const created = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      body: ticketBody(),
    });
    expect(created.status).to.equal(201);
    const read = await issueApiToken(svc.staffIds.operator, now, { scopes: ['read'] });
    const before = await Ticket.findById(created.body.id).lean();
    for (const action of ['closure', 'citizen-reply']) {
      const refused = await api(svc.url, 'POST', `/api/v1/tickets/${created.body.code}/${action}`, {
        token: read.token,
        body: { outcome: 'satisfied', note: 'Đã gọi lại', reply: 'Bổ sung' },
      });
      expectError(refused, 403, 'TOKEN_SCOPE_MISSING');
    }
    expect(await Ticket.findById(created.body.id).lean()).to.deep.equal(before);
  });

  it("refuses an intake-only token the dashboard's numbers and the access log", async () => {
    const chiefIntake = await issueApiToken(svc.staffIds.chief, now, { scopes: ['intake'] });
    expectError(
      await api(svc.url, 'GET', '/api/v1/stats', { token: chiefIntake.token }),
      403,
      'TOKEN_SCOPE_MISSING',
    );
    const adminIntake = await issueApiToken(svc.staffIds.admin, now, { scopes: ['intake'] });
    expectError(
      await api(svc.url, 'GET', '/api/v1/access-log', { token: adminIntake.token }),
      403,
      'TOKEN_SCOPE_MISSING',
    );
    const chiefRead = await issueApiToken(svc.staffIds.chief, now, { scopes: ['read'] });
    expect((await api(svc.url, 'GET', '/api/v1/stats', { token: chiefRead.token })).status).to.equal(200);
  });

  it("limits each token on /stats too: the fourth call in a minute gets 429, another token's pass", async () => {
    const busy = await issueApiToken(svc.staffIds.chief, now);
    const other = await issueApiToken(svc.staffIds.chief, now);
    const stats = (token: string) => api(svc.url, 'GET', '/api/v1/stats', { token });
    for (let i = 0; i < 3; i++) expect((await stats(busy.token)).status).to.equal(200);
    expectError(await stats(busy.token), 429, 'RATE_LIMITED');
    expect((await stats(other.token)).status).to.equal(200);
  });
});

describe('intake past capacity', function () {
  this.timeout(30_000);
  let svc: IntakeService;

  before(async () => {
    // Test-only capacity of one request at a time, so that one held request fills it.
    svc = await startIntakeService('intake-overload', { INTAKE_MAX_IN_FLIGHT: 1 });
  });
  after(async () => {
    await svc?.stop();
  });

  /** A POST whose body is sent only when `finish` is called: it holds the only seat meanwhile. */
  function heldPost(key: string): { finish: () => Promise<number>; started: Promise<void> } {
    const body = Buffer.from(JSON.stringify(ticketBody()));
    const url = new URL('/api/v1/tickets', svc.url);
    const req = httpRequest(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${svc.tokens.operator}`,
        'content-type': 'application/json',
        'content-length': String(body.length),
        'idempotency-key': key,
      },
    });
    let resolveStatus: (status: number) => void = () => undefined;
    const status = new Promise<number>((resolve, reject) => {
      resolveStatus = resolve;
      req.on('error', reject);
    });
    req.on('response', (res) => {
      res.resume();
      resolveStatus(res.statusCode ?? 0);
    });
    req.write(body.subarray(0, 10));
    // The headers are on the wire; the seat is taken once the service has authenticated them.
    const started = new Promise<void>((resolve) => req.once('socket', () => resolve()));
    return {
      started,
      finish: async () => {
        req.end(body.subarray(10));
        return status;
      },
    };
  }

  it('answers 503 with Retry-After at once, and the retry with the same key creates the ticket once', async () => {
    const held = heldPost('call-held');
    await held.started;
    // Until the held request has been authenticated it has no seat yet, and a probe gets through.
    let refused: ApiResponse | undefined;
    for (let i = 0; i < 200 && refused?.status !== 503; i++) {
      refused = await api(svc.url, 'POST', '/api/v1/tickets', {
        token: svc.tokens.operator,
        body: ticketBody(),
        headers: { 'Idempotency-Key': 'call-refused' },
      });
      // (a probe that got through is undone, so the count below is the held call and the retry)
      if (refused.status === 201) await Ticket.deleteMany({ idempotencyKey: /call-refused$/ });
    }
    expectError(refused!, 503, 'OVERLOADED');
    expect(refused!.headers.get('retry-after')).to.equal('1');
    expect(await Ticket.countDocuments({ idempotencyKey: /call-refused$/ })).to.equal(0);

    expect(await held.finish()).to.equal(201);
    const retried = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      body: ticketBody(),
      headers: { 'Idempotency-Key': 'call-refused' },
    });
    expect(retried.status).to.equal(201);
    const again = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      body: ticketBody(),
      headers: { 'Idempotency-Key': 'call-refused' },
    });
    expect(again.status).to.equal(200);
    expect(await Ticket.countDocuments({})).to.equal(2);
  });
});
