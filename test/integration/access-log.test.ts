import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { LoginLink } from '../../shared/db/models/login-link.model.js';
import { StaffEvent } from '../../shared/db/models/staff-event.model.js';
import { recordStaffEvent } from '../../shared/audit/staff-events.js';
import { issueLoginLink, loginLinkToken } from '../../shared/staff/login-links.js';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { AnswerPageClient, PNG_BYTES } from '../support/answer-client.js';
import { seedAssignedTicket } from '../support/assigned-ticket.js';
import { api, startIntakeService, ticketBody, type IntakeService } from '../support/intake-service.js';
import { hiddenField, monitorFetch, monitorStaff, type MonitorStaff } from '../support/monitor-client.js';
import { waitUntil } from '../support/wait.js';

// Rows are checked by the assertions, not by types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
const cookieOf = (res: { headers: Headers }) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

describe('access log: staff actions and every view of a citizen identity, append-only', function () {
  this.timeout(60_000);
  let svc: IntakeService;
  let chief: MonitorStaff;
  let admin: MonitorStaff;
  // The service's clock: the moment every recorded event must carry.
  const NOW = new Date();
  NOW.setUTCMilliseconds(0);

  before(async () => {
    svc = await startIntakeService('access-log', {}, { clock: () => new Date(NOW) });
    chief = await monitorStaff('chief', 'Hoàng Thu Trang', 'trang@access-log.test', NOW);
    admin = await monitorStaff('admin', 'Đỗ Quản Trị', 'quantri@access-log.test', NOW);
  });
  after(async () => svc?.stop());

  /** The access log as an admin integration reads it, waiting for `count` rows (recording is not awaited). */
  async function accessLog(query: string, count = 1): Promise<Row[]> {
    let items: Row[] = [];
    await waitUntil(
      async () => {
        const res = await api(svc.url, 'GET', `/api/v1/access-log?${query}`, { token: admin.token });
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
        items = res.body.items;
        return items.length >= count;
      },
      10_000,
      `access log ${query}: fewer than ${count} rows`,
    );
    return items;
  }

  async function newTicket(overrides: Record<string, unknown> = {}): Promise<{ id: string; code: string }> {
    const res = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      body: ticketBody(overrides),
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body;
  }

  it("records a chief's view of a ticket page with who, role, when, from where", async () => {
    const { code } = await newTicket();
    const page = await monitorFetch(svc.url, `/monitor/tickets/${code}`, { cookie: chief.cookie });
    expect(page.status).to.equal(200);
    const [row] = await accessLog(`ticket=${code}&kind=view`);
    expect(row).to.include({
      kind: 'view',
      actorId: chief.staffId,
      actorName: 'Hoàng Thu Trang',
      role: 'chief',
      ticketCode: code,
      at: NOW.toISOString(),
    });
    expect(row!.ip).to.match(/127\.0\.0\.1|::1/);
    expect(row!.data).to.deep.equal({ page: 'monitor' });
  });

  it('records ticket API reads, one row per ticket shown, and lists by staff member', async () => {
    const { code } = await newTicket();
    expect(
      (await api(svc.url, 'GET', `/api/v1/tickets/${code}`, { token: svc.tokens.reviewer })).status,
    ).to.equal(404);
    expect(
      (await api(svc.url, 'GET', `/api/v1/tickets/${code}`, { token: svc.tokens.chief })).status,
    ).to.equal(200);
    const rows = await accessLog(`ticket=${code}&actor=${svc.staffIds.chief}`);
    expect(rows.map((r) => [r.kind, r.role, r.data.api])).to.deep.equal([['view', 'chief', 'read']]);
    const byEmail = await accessLog(`actor=chief@access-log.test&kind=view`);
    expect(byEmail.every((r) => r.actorId === svc.staffIds.chief)).to.equal(true);
  });

  it("records the unit's answer page, the actor being the unit's link", async () => {
    const { code, token } = await seedAssignedTicket(svc.service.ctx.config.LINK_SECRET);
    expect((await monitorFetch(svc.url, `/answer/${token}`)).status).to.equal(200);
    const [row] = await accessLog(`ticket=${code}`);
    expect(row).to.include({ kind: 'view', role: 'unit' });
    expect(row).not.to.have.property('actorId');
  });

  it("records an attachment download through the unit's link", async () => {
    const { code, token, ticketId } = await seedAssignedTicket(svc.service.ctx.config.LINK_SECRET);
    const page = new AnswerPageClient(svc.url, token);
    expect((await page.open()).status).to.equal(200);
    const answer = {
      text: 'Phòng đã kiểm tra, hồ sơ có kết quả tuần này.',
      name: 'Trần Thị Mai',
      position: 'Trưởng phòng',
    };
    expect((await page.postAnswer(answer, [{ name: 'scan.png', bytes: PNG_BYTES }])).status).to.equal(303);
    const fileId = (await Ticket.findById(ticketId).lean())!.answer!.attachments[0]!.id!;
    expect((await fetch(`${svc.url}/answer/${token}/attachments/${fileId}`)).status).to.equal(200);
    const [row] = await accessLog(`ticket=${code}&kind=download`);
    expect(row).to.include({ role: 'unit', target: fileId, ticketCode: code });
  });

  it('records a report export from the dashboard and from the API', async () => {
    const page = await monitorFetch(svc.url, '/monitor/reports/export?format=csv', { cookie: chief.cookie });
    expect(page.status).to.equal(200);
    const byApi = await api(svc.url, 'GET', '/api/v1/reports/export?format=csv', {
      token: svc.tokens.reviewer,
    });
    expect(byApi.status).to.equal(200);
    const rows = await accessLog('kind=export', 2);
    expect(rows.map((r) => [r.role, r.data.via]).sort()).to.deep.equal([
      ['chief', 'dashboard'],
      ['reviewer', 'api'],
    ]);
    expect(rows[0]!.target).to.match(/^bao-cao-1022-.*\.csv$/);
  });

  it('records a login link asked for, a failed login, and a login', async () => {
    const form = await monitorFetch(svc.url, '/monitor');
    const cookie = cookieOf(form);
    const csrf = hiddenField(form.text, '/monitor/login', '_csrf');
    const ask = (email: string) =>
      monitorFetch(svc.url, '/monitor/login', { cookie, form: { _csrf: csrf, email } });
    expect((await ask('trang@access-log.test')).status).to.equal(200);
    expect((await ask('nobody@access-log.test')).status).to.equal(200);
    const sent = await accessLog('kind=login_link_sent');
    expect(sent[0]).to.include({ actorId: chief.staffId, role: 'chief', target: 'trang@access-log.test' });
    const refused = await accessLog('kind=login_failed');
    expect(refused[0]).to.include({ role: 'anonymous', target: 'nobody@access-log.test' });

    const bad = await monitorFetch(svc.url, `/monitor/login/${'x'.repeat(43)}`, {
      cookie,
      form: { _csrf: csrf },
    });
    expect(bad.status).to.equal(410);
    await accessLog('kind=login_failed', 2);

    const secret = svc.service.ctx.config.LINK_SECRET;
    const linkId = (await issueLoginLink(secret, 'trang@access-log.test', ['chief'], NOW))!;
    const linkToken = loginLinkToken(secret, linkId, (await LoginLink.findById(linkId).lean())!.salt);
    const ok = await monitorFetch(svc.url, `/monitor/login/${linkToken}`, { cookie, form: { _csrf: csrf } });
    expect(ok.status).to.equal(303);
    const [login] = await accessLog(`kind=login&actor=${chief.staffId}`);
    expect(login).to.include({ actorName: 'Hoàng Thu Trang', role: 'chief', at: NOW.toISOString() });
  });

  it('records a change made on the queue board', async () => {
    const resumed = await fetch(`${svc.url}/admin/queues/api/queues/route/resume`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${svc.tokens.admin}` },
    });
    expect(resumed.status).to.be.below(400);
    const [row] = await accessLog('kind=queue_board');
    expect(row).to.include({
      actorId: svc.staffIds.admin,
      role: 'admin',
      target: 'PUT /api/queues/route/resume',
    });
  });

  it('never fails the caller when an insert fails, and never loses it silently: it logs a warning', async () => {
    const warnings: Array<{ message: string; meta?: object }> = [];
    await recordStaffEvent(
      { warn: (message: string, meta?: object) => warnings.push({ message, meta }) },
      {
        kind: 'not-a-kind' as never,
        actor: { name: 'x', role: 'admin', ip: '127.0.0.1' },
        at: NOW,
        ticket: { id: 'x', code: '1022-2026-000999' },
      },
    );
    expect(warnings).to.have.length(1);
    expect(warnings[0]!.message).to.equal('staff event not recorded');
    expect(warnings[0]!.meta).to.deep.include({ kinds: ['not-a-kind'], tickets: ['1022-2026-000999'] });
  });

  it('cannot be changed through any endpoint: writes on the log paths are 404 and rows stay as they were', async () => {
    await accessLog('', 3);
    const before = await StaffEvent.find({}).sort({ _id: 1 }).lean();
    const first = before[0]!._id.toString();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const path of ['/api/v1/access-log', `/api/v1/access-log/${first}`]) {
        const res = await api(svc.url, method, path, { token: admin.token, body: { kind: 'login' } });
        expect([404, 405], `${method} ${path}`).to.include(res.status);
      }
      const page = await fetch(`${svc.url}/admin/journal`, {
        method,
        headers: { cookie: admin.cookie.replace('hl_monitor_session', 'hl_audit_session') },
        redirect: 'manual',
      });
      expect([401, 404, 405], `${method} /admin/journal`).to.include(page.status);
    }
    const after = await StaffEvent.find({ _id: { $in: before.map((row) => row._id) } })
      .sort({ _id: 1 })
      .lean();
    expect(after).to.deep.equal(before);
    // Only admins read it.
    expect((await api(svc.url, 'GET', '/api/v1/access-log', { token: svc.tokens.chief })).status).to.equal(
      403,
    );
  });

  it("a citizen-data request for one phone finds all and only that person's tickets, exports, corrects and anonymises them, each logged", async () => {
    const mine = [
      await newTicket({
        citizen: { name: 'Lý Thị Mai', phone: '0987 654 321', address: '12 Lê Lợi, Cao Lãnh' },
      }),
      await newTicket({
        citizen: { name: 'Lý Thị Mai', phone: '+84 987-654-321' },
        content: 'Gọi lại số 0987654321 giúp tôi.',
      }),
    ];
    const other = await newTicket({ citizen: { name: 'Người Khác', phone: '0901 111 222' } });
    const statsBefore = (await api(svc.url, 'GET', '/api/v1/stats', { token: svc.tokens.chief })).body;
    const person = { phone: '0987.654.321' };

    const found = await api(svc.url, 'POST', '/api/v1/citizen-data/search', {
      token: admin.token,
      body: person,
    });
    expect(found.status, JSON.stringify(found.body)).to.equal(200);
    expect(found.body.person).to.deep.equal({ phone: '+84987654321' });
    expect(found.body.items.map((t: { code: string }) => t.code)).to.deep.equal(mine.map((t) => t.code));

    const json = await api(svc.url, 'POST', '/api/v1/citizen-data/export', {
      token: admin.token,
      body: { ...person, format: 'json' },
    });
    expect(json.status).to.equal(200);
    expect(json.headers.get('content-disposition')).to.match(
      /attachment; filename="?du-lieu-nguoi-dan-.*\.json/,
    );
    expect(json.body.tickets.map((t: { citizen: { name: string } }) => t.citizen.name)).to.deep.equal([
      'Lý Thị Mai',
      'Lý Thị Mai',
    ]);
    const html = await fetch(`${svc.url}/api/v1/citizen-data/export`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...person, format: 'html' }),
    });
    const htmlText = await html.text();
    expect(html.headers.get('content-type')).to.match(/^text\/html/);
    expect(htmlText).to.contain('Dữ liệu cá nhân trong Tổng đài 1022').and.contain(mine[1]!.code);
    expect(htmlText).not.to.contain(other.code);

    const corrected = await api(svc.url, 'POST', '/api/v1/citizen-data/correct', {
      token: admin.token,
      body: { ...person, ticket: mine[0]!.code, field: 'name', value: 'Lý Thị Mỹ' },
    });
    expect(corrected.status, JSON.stringify(corrected.body)).to.equal(200);
    expect(corrected.body.citizen.name).to.equal('Lý Thị Mỹ');
    const notHers = await api(svc.url, 'POST', '/api/v1/citizen-data/correct', {
      token: admin.token,
      body: { ...person, ticket: other.code, field: 'name', value: 'X Y' },
    });
    expect(notHers.status).to.equal(404);
    const badPhone = await api(svc.url, 'POST', '/api/v1/citizen-data/search', {
      token: admin.token,
      body: { phone: '12' },
    });
    expect(badPhone.status).to.equal(400);
    expect(badPhone.body.error.details[0]).to.include({ path: 'phone' });

    const anonymised = await api(svc.url, 'POST', '/api/v1/citizen-data/anonymise', {
      token: admin.token,
      body: person,
    });
    expect(anonymised.body).to.deep.equal({ anonymised: mine.map((t) => t.code), already: [] });
    for (const { code } of mine) {
      const view = (await api(svc.url, 'GET', `/api/v1/tickets/${code}`, { token: svc.tokens.chief })).body;
      expect(view.citizen).to.deep.equal({ name: 'Đã ẩn danh', anonymous: false });
      expect(view.content).not.to.contain('0987654321');
    }
    const untouched = (
      await api(svc.url, 'GET', `/api/v1/tickets/${other.code}`, { token: svc.tokens.chief })
    ).body;
    expect(untouched.citizen).to.include({ name: 'Người Khác', phone: '+84901111222' });
    const again = await api(svc.url, 'POST', '/api/v1/citizen-data/search', {
      token: admin.token,
      body: person,
    });
    expect(again.body.items).to.deep.equal([]);
    // Anonymised tickets still count.
    const statsAfter = (await api(svc.url, 'GET', '/api/v1/stats', { token: svc.tokens.chief })).body;
    expect(statsAfter.summary).to.deep.equal(statsBefore.summary);
    expect(statsAfter.counters).to.deep.equal(statsBefore.counters);

    const digest = `sha256:${sha256('+84987654321')}`;
    const search = await accessLog('kind=citizen_data_search', 2);
    expect(search.map((r) => r.target)).to.include(digest);
    expect(
      (await accessLog('kind=export&actor=quantri@access-log.test', 4)).map((r) => r.ticketCode).sort(),
    ).to.deep.equal([...mine, ...mine].map((t) => t.code).sort());
    const [correction] = await accessLog('kind=citizen_data_correct');
    expect(correction).to.include({ ticketCode: mine[0]!.code, role: 'admin', target: digest });
    expect(correction!.data).to.deep.equal({ field: 'name', oldValueSha256: sha256('Lý Thị Mai') });
    const anonymiseRows = await accessLog('kind=anonymise', 2);
    expect(anonymiseRows.map((r) => r.ticketCode).sort()).to.deep.equal(mine.map((t) => t.code).sort());
    // The log itself keeps neither the phone nor the corrected old value.
    const stored = JSON.stringify(await StaffEvent.find({}).lean());
    expect(stored).not.to.contain('+84987654321');
    expect(stored).not.to.contain('Lý Thị Mai');
  });
});
