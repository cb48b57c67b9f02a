import { expect } from 'chai';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { api, startIntakeService, ticketBody, type IntakeService } from '../support/intake-service.js';

describe('intake API: retries never create a second ticket', function () {
  this.timeout(60_000);
  let svc: IntakeService;

  before(async () => {
    svc = await startIntakeService('intake-idem');
  });
  after(async () => {
    await svc?.stop();
  });

  const post = (body: Record<string, unknown>, options: { key?: string; token?: string } = {}) =>
    api(svc.url, 'POST', '/api/v1/tickets', {
      token: options.token ?? svc.tokens.operator,
      body,
      ...(options.key ? { headers: { 'idempotency-key': options.key } } : {}),
    });

  it('answers a retry with the same Idempotency-Key and body with 200 and the same ticket', async () => {
    const first = await post(ticketBody(), { key: 'call-2026-0001' });
    const retry = await post(ticketBody(), { key: 'call-2026-0001' });
    expect(first.status).to.equal(201);
    expect(first.headers.get('idempotent-replayed')).to.equal(null);
    expect(retry.status).to.equal(200);
    expect(retry.headers.get('idempotent-replayed')).to.equal('true');
    expect(retry.body.id).to.equal(first.body.id);
    expect(retry.body.code).to.equal(first.body.code);
    expect(await Ticket.countDocuments({ subject: ticketBody().subject as string })).to.equal(1);
  });

  it('treats the same call written differently (phone spelling, NFD, key order) as the same request', async () => {
    const first = await post(ticketBody({ subject: 'Karaoke ồn ào sau 22 giờ' }), { key: 'call-2026-0002' });
    const { subject: _s, ...rest } = ticketBody();
    const retry = await post(
      {
        subject: 'Karaoke ồn ào sau 22 giờ '.normalize('NFD'),
        ...rest,
        citizen: { phone: '+84912345678', name: 'Võ Thị Hồng' },
      },
      { key: 'call-2026-0002' },
    );
    expect(retry.status).to.equal(200);
    expect(retry.body.id).to.equal(first.body.id);
  });

  it('refuses the same key with a different body with 409 IDEMPOTENCY_CONFLICT', async () => {
    await post(ticketBody(), { key: 'call-2026-0003' });
    const other = await post(ticketBody({ subject: 'Một nội dung khác hẳn' }), { key: 'call-2026-0003' });
    expect(other.status).to.equal(409);
    expect(other.body.error.code).to.equal('IDEMPOTENCY_CONFLICT');
    expect(other.body.error.message).to.match(/Idempotency-Key/);
  });

  it('uses externalRef as the key when there is no header', async () => {
    const first = await post(ticketBody({ externalRef: 'SW-88231' }));
    const retry = await post(ticketBody({ externalRef: 'SW-88231' }));
    expect(retry.status).to.equal(200);
    expect(retry.body.id).to.equal(first.body.id);
    const changed = await post(ticketBody({ externalRef: 'SW-88231', priority: 'urgent' }));
    expect(changed.status).to.equal(409);
  });

  it('scopes keys to the staff account: two accounts with the same key get two tickets', async () => {
    const mine = await post(ticketBody(), { key: 'shared-key' });
    const theirs = await post(ticketBody(), { key: 'shared-key', token: svc.tokens.admin });
    expect(mine.status).to.equal(201);
    expect(theirs.status).to.equal(201);
    expect(theirs.body.id).not.to.equal(mine.body.id);
  });

  it('creates exactly one ticket from fifty simultaneous identical requests', async () => {
    const body = ticketBody({ subject: 'Gửi đồng thời năm mươi lần' });
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(body, { key: 'burst-0001' })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((s) => s === 201)).to.have.length(1);
    expect(statuses.filter((s) => s === 200)).to.have.length(49);
    expect(new Set(answers.map((answer) => answer.body.id)).size).to.equal(1);
    expect(await Ticket.countDocuments({ subject: 'Gửi đồng thời năm mươi lần' })).to.equal(1);
  });

  it('refuses an Idempotency-Key that is too long or has spaces', async () => {
    for (const key of ['x'.repeat(201), 'has space']) {
      const res = await post(ticketBody(), { key });
      expect(res.status).to.equal(400);
      expect(res.body.error.details[0].path).to.equal('Idempotency-Key');
    }
  });
});
