import { expect } from 'chai';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { api, startIntakeService, ticketBody, type IntakeService } from '../support/intake-service.js';

describe('intake API: logging a call as a ticket', function () {
  this.timeout(30_000);
  let svc: IntakeService;

  before(async () => {
    svc = await startIntakeService('intake-create');
  });
  after(async () => {
    await svc?.stop();
  });

  it('creates a ticket with a yearly human code, the phone in E.164 and the routing queued', async () => {
    const res = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      body: ticketBody(),
    });

    expect(res.status).to.equal(201);
    expect(res.body.code).to.match(/^1022-\d{4}-\d{6}$/);
    expect(res.body.status).to.equal('received');
    expect(res.body.routing).to.equal('queued');
    expect(res.body.citizen).to.deep.equal({ name: 'Võ Thị Hồng', phone: '+84912345678', anonymous: false });
    expect(res.body.categoryName).to.equal('Di sản văn hóa, di tích');
    expect(res.headers.get('location')).to.equal(`/api/v1/tickets/${res.body.code}`);
    for (const secret of [
      'idempotencyKey',
      'requestHash',
      'outbox',
      'events',
      'tokenHash',
      'next',
      'createdBy',
    ]) {
      expect(res.body, secret).not.to.have.property(secret);
    }

    const stored = await Ticket.findById(res.body.id).lean();
    expect(stored?.status).to.equal('received');
    expect(stored?.next?.action).to.equal('route');
    expect(stored?.events[0]).to.include({ type: 'received' });
    expect(stored?.events[0]?.actor).to.deep.include({
      kind: 'staff',
      id: svc.staffIds.operator,
      name: 'Nguyễn Thị Lan',
    });
  });

  it('numbers tickets one after another and takes the year from Vietnamese time', async () => {
    // 23:30 UTC on 31 Dec 2025 is already 06:30 on 1 Jan 2026 in Vietnam.
    const first = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      body: ticketBody({ receivedAt: '2025-12-31T23:30:00Z' }),
    });
    const second = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      body: ticketBody({ receivedAt: '2025-12-31T23:40:00+00:00' }),
    });
    expect(first.body.code).to.match(/^1022-2026-/);
    const number = (code: string) => Number(code.split('-')[2]);
    expect(number(second.body.code)).to.equal(number(first.body.code) + 1);
    expect(first.body.receivedAt).to.equal('2025-12-31T23:30:00.000Z');
  });

  it('stores Vietnamese text in NFC, trimmed and without control characters', async () => {
    const nfd = 'Lễ hội Đình Tân Phú'.normalize('NFD');
    const res = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      body: ticketBody({
        subject: `  ${nfd}\u0007 `,
        content: `Dòng một\r\nDòng hai\u0000\tcó tab`.normalize('NFD'),
        citizen: { name: '  Nguyễn Văn An '.normalize('NFD'), phone: '+84912345678' },
      }),
    });
    expect(res.status).to.equal(201);
    const stored = await Ticket.findById(res.body.id).lean();
    expect(stored?.subject).to.equal('Lễ hội Đình Tân Phú'.normalize('NFC'));
    expect(stored?.subject).not.to.equal(nfd);
    expect(stored?.content).to.equal('Dòng một\nDòng hai\tcó tab'.normalize('NFC'));
    expect(stored?.citizen?.name).to.equal('Nguyễn Văn An');
  });

  it('accepts every usual way of writing a Vietnamese mobile number', async () => {
    for (const phone of ['0912 345 678', '+84912345678', '84-912-345-678', '(091) 234-5678']) {
      const res = await api(svc.url, 'POST', '/api/v1/tickets', {
        token: svc.tokens.operator,
        body: ticketBody({ citizen: { name: 'Huỳnh Văn Tư', phone } }),
      });
      expect(res.status, phone).to.equal(201);
      expect(res.body.citizen.phone, phone).to.equal('+84912345678');
    }
  });

  it('lets an anonymous caller give neither name nor phone', async () => {
    const res = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      body: ticketBody({ citizen: { anonymous: true }, category: 'conduct', priority: 'urgent' }),
    });
    expect(res.status).to.equal(201);
    expect(res.body.citizen).to.deep.equal({ anonymous: true });
    expect(res.body.priority).to.equal('urgent');
  });

  it('keeps a call answered by the operator out of routing', async () => {
    const res = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      body: ticketBody({
        category: 'library',
        subject: 'Giờ mở cửa thư viện tỉnh',
        resolvedByOperator: { answer: 'Thư viện mở cửa từ 7 giờ đến 17 giờ, thứ Hai đến thứ Bảy.' },
      }),
    });
    expect(res.status).to.equal(201);
    expect(res.body.status).to.equal('resolved_at_intake');
    expect(res.body.routing).to.equal('none');
    expect(res.body.answer).to.deep.include({
      atIntake: true,
      text: 'Thư viện mở cửa từ 7 giờ đến 17 giờ, thứ Hai đến thứ Bảy.',
    });
    const stored = await Ticket.findById(res.body.id).lean();
    expect(stored?.next).to.equal(null);
  });

  it('keeps location and procedure code when given', async () => {
    const res = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.admin,
      body: ticketBody({
        category: 'entertainment_licensing',
        procedureCode: 'DT-VH-01',
        location: {
          address: 'Số 12 đường Lý Thường Kiệt',
          commune: 'Phường Cao Lãnh',
          lat: 10.46,
          lng: 105.63,
        },
        externalRef: 'CALL-77',
      }),
    });
    expect(res.status).to.equal(201);
    expect(res.body.procedureCode).to.equal('DT-VH-01');
    expect(res.body.location).to.deep.equal({
      address: 'Số 12 đường Lý Thường Kiệt',
      commune: 'Phường Cao Lãnh',
      lat: 10.46,
      lng: 105.63,
    });
    expect(res.body.externalRef).to.equal('CALL-77');
  });
});
