import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { api, startIntakeService, ticketBody, type IntakeService } from '../support/intake-service.js';

/** The service's "now" throughout: the seeded calls (2 March 2026) are in its past whenever the suite runs. */
const NOW = new Date('2026-03-12T10:00:00+07:00');

describe('intake API: reading tickets', function () {
  this.timeout(30_000);
  let svc: IntakeService;
  const created: Array<{ id: string; code: string }> = [];

  const create = async (overrides: Record<string, unknown>) => {
    const res = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      body: ticketBody(overrides),
    });
    expect(res.status).to.equal(201);
    created.push({ id: res.body.id, code: res.body.code });
    return res.body as { id: string; code: string };
  };

  before(async () => {
    svc = await startIntakeService('intake-read', {}, { clock: () => new Date(NOW) });
    // 25 calls, one minute apart, newest last; every fifth is about a conduct complaint.
    for (let i = 0; i < 25; i++) {
      await create({
        receivedAt: new Date(Date.UTC(2026, 2, 2, 1, i)).toISOString(),
        category: i % 5 === 0 ? 'conduct' : 'tourism',
        priority: i % 2 === 0 ? 'urgent' : 'normal',
        subject: i === 7 ? 'Giá vé (100%) tại khu du lịch [Xẻo Quýt]?' : `Phản ánh số ${i}`,
      });
    }
  });
  after(async () => {
    await svc?.stop();
  });

  it('reads one ticket by id and by code', async () => {
    const first = created[0]!;
    const byId = await api(svc.url, 'GET', `/api/v1/tickets/${first.id}`, { token: svc.tokens.chief });
    const byCode = await api(svc.url, 'GET', `/api/v1/tickets/${first.code}`, { token: svc.tokens.chief });
    expect(byId.status).to.equal(200);
    expect(byCode.status).to.equal(200);
    expect(byId.body).to.deep.equal(byCode.body);
    expect(byId.body.code).to.equal(first.code);
  });

  it('answers 404 TICKET_NOT_FOUND for an unknown id, code or garbage', async () => {
    for (const id of ['66a000000000000000000000', '1022-2026-999999', 'not-a-ticket']) {
      const res = await api(svc.url, 'GET', `/api/v1/tickets/${id}`, { token: svc.tokens.operator });
      expect(res.status, id).to.equal(404);
      expect(res.body.error.code).to.equal('TICKET_NOT_FOUND');
      expect(res.body.error.message).to.equal('Không tìm thấy phiếu phản ánh, kiến nghị.');
    }
  });

  it('pages through all tickets newest first with an opaque cursor, without repeats', async () => {
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const query: string = next ? `?limit=10&cursor=${encodeURIComponent(next)}` : '?limit=10';
      const res = await api(svc.url, 'GET', `/api/v1/tickets${query}`, { token: svc.tokens.chief });
      expect(res.status).to.equal(200);
      seen.push(...res.body.items.map((t: { code: string }) => t.code));
      next = res.body.next;
      pages++;
    } while (next && pages < 10);
    expect(pages).to.equal(3);
    expect(seen).to.deep.equal(created.map((t) => t.code).reverse());
  });

  it('uses 20 per page unless told otherwise and refuses a limit over 100', async () => {
    const page = await api(svc.url, 'GET', '/api/v1/tickets', { token: svc.tokens.chief });
    expect(page.body.items).to.have.length(20);
    const tooMany = await api(svc.url, 'GET', '/api/v1/tickets?limit=101', { token: svc.tokens.chief });
    expect(tooMany.status).to.equal(400);
    expect(tooMany.body.error.details[0].path).to.equal('limit');
  });

  it('refuses a cursor it did not make', async () => {
    for (const cursor of [
      'abc',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from('[1,"zz"]').toString('base64url'),
    ]) {
      const res = await api(svc.url, 'GET', `/api/v1/tickets?cursor=${cursor}`, { token: svc.tokens.chief });
      expect(res.status, cursor).to.equal(400);
      expect(res.body.error.details[0].path).to.equal('cursor');
    }
  });

  it('filters by category, priority and receipt time range', async () => {
    const conduct = await api(svc.url, 'GET', '/api/v1/tickets?category=conduct&limit=100', {
      token: svc.tokens.chief,
    });
    expect(conduct.body.items).to.have.length(5);
    const urgentConduct = await api(svc.url, 'GET', '/api/v1/tickets?category=conduct&priority=urgent', {
      token: svc.tokens.chief,
    });
    expect(urgentConduct.body.items.map((t: { subject: string }) => t.subject)).to.deep.equal([
      'Phản ánh số 20',
      'Phản ánh số 10',
      'Phản ánh số 0',
    ]);
    const range = await api(
      svc.url,
      'GET',
      `/api/v1/tickets?from=${encodeURIComponent('2026-03-02T08:03:00+07:00')}&to=${encodeURIComponent('2026-03-02T01:06:00Z')}`,
      { token: svc.tokens.chief },
    );
    expect(range.body.items.map((t: { subject: string }) => t.subject)).to.deep.equal([
      'Phản ánh số 5',
      'Phản ánh số 4',
      'Phản ánh số 3',
    ]);
  });

  it('searches subject, content and code literally, ignoring case and regex characters', async () => {
    const literal = await api(svc.url, 'GET', `/api/v1/tickets?q=${encodeURIComponent('(100%) TẠI')}`, {
      token: svc.tokens.chief,
    });
    expect(literal.body.items.map((t: { subject: string }) => t.subject)).to.deep.equal([
      'Giá vé (100%) tại khu du lịch [Xẻo Quýt]?',
    ]);
    const regexish = await api(svc.url, 'GET', `/api/v1/tickets?q=${encodeURIComponent('.*')}`, {
      token: svc.tokens.chief,
    });
    expect(regexish.body.items).to.have.length(0);
    const byCode = await api(svc.url, 'GET', `/api/v1/tickets?q=${created[3]!.code}`, {
      token: svc.tokens.chief,
    });
    expect(byCode.body.items.map((t: { code: string }) => t.code)).to.deep.equal([created[3]!.code]);
  });

  it('finds overdue, escalated and per-department tickets, with the assignment summary', async () => {
    const now = NOW.getTime();
    await Ticket.updateOne(
      { _id: created[1]!.id },
      {
        $set: {
          status: 'assigned',
          next: null,
          assignment: assignment('QLDL', new Date(now - 3600_000)),
          escalation: { level: 1, at: new Date(now - 60_000) },
        },
      },
    );
    await Ticket.updateOne(
      { _id: created[2]!.id },
      {
        $set: { status: 'assigned', next: null, assignment: assignment('QLDL', new Date(now + 86_400_000)) },
      },
    );
    await Ticket.updateOne(
      { _id: created[3]!.id },
      { $set: { status: 'answered', next: null, assignment: assignment('VP', new Date(now - 3600_000)) } },
    );

    const overdue = await api(svc.url, 'GET', '/api/v1/tickets?overdue=true', { token: svc.tokens.chief });
    expect(overdue.body.items.map((t: { code: string }) => t.code)).to.deep.equal([created[1]!.code]);
    expect(overdue.body.items[0].assignment).to.deep.include({
      unitCode: 'QLDL',
      unitName: 'Phòng Quản lý Du lịch',
    });
    expect(overdue.body.items[0].escalation.level).to.equal(1);
    expect(overdue.body.items[0]).not.to.have.nested.property('assignment.tokenHash');

    const escalated = await api(svc.url, 'GET', '/api/v1/tickets?escalated=true', {
      token: svc.tokens.chief,
    });
    expect(escalated.body.items).to.have.length(1);
    const department = await api(svc.url, 'GET', '/api/v1/tickets?department=QLDL', {
      token: svc.tokens.chief,
    });
    expect(department.body.items.map((t: { code: string }) => t.code)).to.have.members([
      created[1]!.code,
      created[2]!.code,
    ]);
    const status = await api(svc.url, 'GET', '/api/v1/tickets?status=answered', { token: svc.tokens.chief });
    expect(status.body.items.map((t: { code: string }) => t.code)).to.deep.equal([created[3]!.code]);
  });

  it('shows the conduct reviewer only conduct and procedure tickets', async () => {
    const list = await api(svc.url, 'GET', '/api/v1/tickets?limit=100', { token: svc.tokens.reviewer });
    expect(list.body.items).to.have.length(5);
    expect(new Set(list.body.items.map((t: { category: string }) => t.category))).to.deep.equal(
      new Set(['conduct']),
    );
    const tourism = await api(svc.url, 'GET', `/api/v1/tickets/${created[1]!.code}`, {
      token: svc.tokens.reviewer,
    });
    expect(tourism.status).to.equal(404);
    const asked = await api(svc.url, 'GET', '/api/v1/tickets?category=tourism', {
      token: svc.tokens.reviewer,
    });
    expect(asked.body.items).to.have.length(0);
  });

  it('lists categories and departments without e-mail addresses', async () => {
    const categories = await api(svc.url, 'GET', '/api/v1/categories', { token: svc.tokens.operator });
    expect(categories.body.items).to.deep.include({ code: 'heritage', name: 'Di sản văn hóa, di tích' });
    const departments = await api(svc.url, 'GET', '/api/v1/departments', { token: svc.tokens.operator });
    expect(departments.body.items).to.deep.include({
      code: 'VP',
      name: 'Văn phòng Sở',
      kind: 'division',
      categories: ['procedure', 'conduct', 'other'],
    });
    expect(JSON.stringify(departments.body)).not.to.contain('@');
  });
});

function assignment(unitCode: string, deadline: Date) {
  return {
    no: 1,
    unitCode,
    informed: [],
    assignedAt: new Date(deadline.getTime() - 86_400_000),
    deadline,
    tokenHash: 'secret-hash',
    tokenSalt: 'secret-salt',
    tokenExpiresAt: new Date(deadline.getTime() + 30 * 86_400_000),
  };
}

describe('intake API: the conduct reviewer reads what the SLA policy escalates to them', function () {
  this.timeout(30_000);
  let svc: IntakeService;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hotline-policy-'));
    const policy = JSON.parse(await readFile('config/sla-policy.json', 'utf8')) as Record<string, unknown>;
    const policyFile = join(dir, 'policy.json');
    await writeFile(policyFile, JSON.stringify({ ...policy, conductReviewCategories: ['conduct', 'tourism'] }));
    svc = await startIntakeService('intake-read-policy', { POLICY_FILE: policyFile });
  });
  after(async () => {
    await svc?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('follows conductReviewCategories of the policy file, not a fixed list', async () => {
    const codes: Record<string, string> = {};
    for (const category of ['conduct', 'tourism', 'heritage']) {
      const res = await api(svc.url, 'POST', '/api/v1/tickets', {
        token: svc.tokens.operator,
        body: ticketBody({ category }),
      });
      expect(res.status).to.equal(201);
      codes[category] = res.body.code;
    }
    const list = await api(svc.url, 'GET', '/api/v1/tickets', { token: svc.tokens.reviewer });
    expect(list.body.items.map((t: { category: string }) => t.category)).to.have.members([
      'conduct',
      'tourism',
    ]);
    const tourism = await api(svc.url, 'GET', `/api/v1/tickets/${codes.tourism}`, {
      token: svc.tokens.reviewer,
    });
    expect(tourism.status).to.equal(200);
    const heritage = await api(svc.url, 'GET', `/api/v1/tickets/${codes.heritage}`, {
      token: svc.tokens.reviewer,
    });
    expect(heritage.status).to.equal(404);
  });
});
