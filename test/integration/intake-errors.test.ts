import { expect } from 'chai';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { revokeApiTokens } from '../../shared/staff/api-tokens.js';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import {
  api,
  startIntakeService,
  ticketBody,
  type ApiResponse,
  type IntakeService,
} from '../support/intake-service.js';

describe('intake API: errors in one JSON shape, in Vietnamese', function () {
  this.timeout(30_000);
  let svc: IntakeService;

  before(async () => {
    svc = await startIntakeService('intake-errors');
  });
  after(async () => {
    await svc?.stop();
  });

  const post = (body: unknown, token = svc.tokens.operator) =>
    api(svc.url, 'POST', '/api/v1/tickets', { token, body });

  function expectError(res: ApiResponse, status: number, code: string): void {
    expect(res.status).to.equal(status);
    expect(res.body).to.have.keys(['error']);
    expect(res.body.error.code).to.equal(code);
    expect(res.body.error.message)
      .to.be.a('string')
      .and.match(/[ạảãáàâấầẩẫậăắằẳẵặêếềểễệôốồổỗộơớờởỡợưứừửữựđ]/i);
    expect(JSON.stringify(res.body)).not.to.match(/\bat .+\.(ts|js):\d+/);
  }

  it('lists every bad field with its path (400 VALIDATION_FAILED)', async () => {
    const res = await post({
      channel: 'pigeon',
      citizen: { name: '   ', phone: '12' },
      category: 'ufo',
      subject: '',
      content: 'x'.repeat(4001),
      location: { lat: 91, lng: 0 },
      procedureCode: 'NOPE',
    });
    expectError(res, 400, 'VALIDATION_FAILED');
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).to.include.members([
      'channel',
      'citizen.name',
      'citizen.phone',
      'category',
      'subject',
      'content',
      'location.lat',
      'procedureCode',
    ]);
    const phone = res.body.error.details.find((d: { path: string }) => d.path === 'citizen.phone');
    expect(phone.message).to.contain('Số điện thoại không hợp lệ');
    const category = res.body.error.details.find((d: { path: string }) => d.path === 'category');
    expect(category.message).not.to.contain('heritage');
    expect(await Ticket.countDocuments({})).to.equal(0);
  });

  it('requires name and phone unless the caller is anonymous', async () => {
    const res = await post(ticketBody({ citizen: {} }));
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).to.have.members([
      'citizen.name',
      'citizen.phone',
    ]);
  });

  it('refuses unknown fields, MongoDB operators and prototype keys (400)', async () => {
    const unknown = await post(ticketBody({ status: 'closed' }));
    expectError(unknown, 400, 'VALIDATION_FAILED');
    expect(unknown.body.error.details[0].path).to.equal('status');

    const operator = await post(ticketBody({ citizen: { name: 'A', phone: { $gt: '' } } }));
    expectError(operator, 400, 'VALIDATION_FAILED');
    expect(operator.body.error.details[0].path).to.equal('citizen.phone.$gt');

    const proto = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      raw: JSON.stringify(ticketBody()).replace(/}$/, ',"__proto__":{"admin":true}}'),
      headers: { 'content-type': 'application/json' },
    });
    expectError(proto, 400, 'VALIDATION_FAILED');
    expect(proto.body.error.details[0].path).to.equal('__proto__');

    const ctor = await post(ticketBody({ location: { constructor: { prototype: {} } } }));
    expectError(ctor, 400, 'VALIDATION_FAILED');
  });

  it('refuses a receipt time more than 5 minutes ahead or without a time zone', async () => {
    const future = await post(ticketBody({ receivedAt: new Date(Date.now() + 10 * 60_000).toISOString() }));
    expectError(future, 400, 'VALIDATION_FAILED');
    expect(future.body.error.details[0].path).to.equal('receivedAt');
    const local = await post(ticketBody({ receivedAt: '2026-03-01T08:00:00' }));
    expectError(local, 400, 'VALIDATION_FAILED');
    const skew = await post(ticketBody({ receivedAt: new Date(Date.now() + 60_000).toISOString() }));
    expect(skew.status).to.equal(201);
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      raw: '{"channel": "phone",',
      headers: { 'content-type': 'application/json' },
    });
    expectError(res, 400, 'MALFORMED_JSON');
  });

  it('accepts JSON only (415)', async () => {
    const res = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      raw: 'channel=phone',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a body over 64 KB (413)', async () => {
    const res = await post(ticketBody({ content: 'a'.repeat(70 * 1024) }));
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('needs a bearer token (401 with WWW-Authenticate)', async () => {
    const missing = await api(svc.url, 'GET', '/api/v1/tickets');
    expectError(missing, 401, 'UNAUTHENTICATED');
    expect(missing.headers.get('www-authenticate')).to.match(/^Bearer/);

    const wrong = await api(svc.url, 'GET', '/api/v1/tickets', { token: `hl_${'A'.repeat(43)}` });
    expectError(wrong, 401, 'INVALID_TOKEN');
    expect(wrong.headers.get('www-authenticate')).to.match(/^Bearer.*invalid_token/);

    const basic = await api(svc.url, 'GET', '/api/v1/tickets', { headers: { authorization: 'Basic YTpi' } });
    expectError(basic, 401, 'INVALID_TOKEN');
  });

  it('stops accepting a token once it is revoked (401)', async () => {
    const created = await createStaff(
      { name: 'Đặng Thu Hà', email: 'ha@intake-errors.test', role: 'operator' },
      new Date(),
    );
    const before = await api(svc.url, 'GET', '/api/v1/categories', { token: created.token });
    expect(before.status).to.equal(200);
    expect(await revokeApiTokens({ staffId: created.staffId }, new Date())).to.equal(1);
    const after = await api(svc.url, 'GET', '/api/v1/categories', { token: created.token });
    expectError(after, 401, 'INVALID_TOKEN');
  });

  it('lets only operators and admins log calls (403)', async () => {
    for (const role of ['chief', 'reviewer'] as const) {
      const res = await post(ticketBody(), svc.tokens[role]);
      expectError(res, 403, 'FORBIDDEN');
    }
  });

  it('answers unknown API paths with 404 NOT_FOUND as JSON', async () => {
    const res = await api(svc.url, 'GET', '/api/v1/nothing-here', { token: svc.tokens.operator });
    expectError(res, 404, 'NOT_FOUND');
  });

  it('refuses query parameters it does not know or cannot parse (400 with paths)', async () => {
    const res = await api(svc.url, 'GET', '/api/v1/tickets?status=lost&overdue=yes&from=yesterday&sort=1', {
      token: svc.tokens.chief,
    });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include.members([
      'status',
      'overdue',
      'from',
      'sort',
    ]);
    const operator = await api(svc.url, 'GET', '/api/v1/tickets?status[$ne]=closed', {
      token: svc.tokens.chief,
    });
    expectError(operator, 400, 'VALIDATION_FAILED');
  });
});
