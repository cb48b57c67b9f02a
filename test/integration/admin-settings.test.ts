import { expect } from 'chai';
import { OrganisationVersion } from '../../shared/db/models/organisation-version.model.js';
import { StaffEvent } from '../../shared/db/models/staff-event.model.js';
import { Staff } from '../../shared/db/models/staff.model.js';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { createTicketDomain } from '../../shared/tickets/ticket-domain.js';
import { startService, type RunningService } from '../../main/start-service.js';
import { testMongoKind } from '../support/database.js';
import { api, ticketBody } from '../support/intake-service.js';
import { hiddenField, monitorFetch, monitorStaff, type Page } from '../support/monitor-client.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';
import { quietLogger } from '../support/quiet-logger.js';
import { waitUntil } from '../support/wait.js';

// Thursday 9 September 2027, 09:00 in Vietnam (a working day).
const NOW = new Date('2027-09-09T02:00:00Z');

describe('admin pages for procedures, SLA spans, staff accounts and calendar import (HTTP)', function () {
  this.timeout(120_000);
  let pipeline: Pipeline;
  let workers: RunningService;
  let cookie: string;
  let adminId: string;
  let operatorToken: string;
  const clock = () => NOW;

  before(async () => {
    pipeline = await startPipeline('admin-settings', { http: true, workers: false, clock });
    // Workers of their own domain, started before any change and never restarted: they learn of a
    // change only through MongoDB, as another process would.
    workers = await startService({
      http: false,
      workers: true,
      config: pipeline.config,
      log: quietLogger(),
      domain: createTicketDomain({ warn: () => undefined }),
      clock,
      mongoKind: testMongoKind(),
    });
    const admin = await monitorStaff('admin', 'Lê Thị Quản Trị', 'quantri@admin-settings.test', NOW);
    adminId = admin.staffId;
    cookie = admin.cookie.replace('hl_monitor_session=', 'hl_admin_session=');
    operatorToken = (await monitorStaff('operator', 'Điện thoại viên', 'dtv@admin-settings.test')).token;
  });

  after(async () => {
    await workers?.stop();
    await pipeline?.stop();
  });

  const base = () => pipeline.service.url!;
  const domain = () => pipeline.service.ctx.domain;
  const get = (path: string) => monitorFetch(base(), path, { cookie });
  /** Posts a form of `page` the way a browser does: with the page's CSRF token. */
  const submit = async (
    page: string,
    action: string,
    form: Record<string, string | string[]>,
  ): Promise<Page> => {
    const csrf = hiddenField((await get(page)).text, action.replace(/[?]/g, '\\?'), '_csrf');
    const body = new URLSearchParams({ _csrf: csrf });
    for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) body.append(key, v);
    const response = await fetch(`${base()}${action}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body,
      redirect: 'manual',
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  /** The ticket once a worker assigned it. */
  const assigned = async (code: string) => {
    await waitUntil(
      async () => Boolean((await Ticket.findOne({ code }).lean())?.assignment),
      20_000,
      `ticket ${code} not assigned`,
    );
    return (await Ticket.findOne({ code }).lean())!;
  };
  const alertOf = (page: Page) => /id="admin-error">([^<]*)</.exec(page.text)?.[1] ?? '';

  describe('procedures', () => {
    it('adds a procedure owned by a unit, and a ticket naming it is routed there by the workers', async () => {
      const saved = await submit('/admin/procedures', '/admin/procedures', {
        code: 'dt-vh-99',
        name: 'Cấp phép tổ chức lễ hội',
        unit: 'QLVH',
      });
      expect(saved.status, saved.text).to.equal(303);
      expect(domain().table.procedures.find((p) => p.code === 'DT-VH-99')?.unit).to.equal('QLVH');
      const created = await api(base(), 'POST', '/api/v1/tickets', {
        token: operatorToken,
        body: ticketBody({ category: 'other', procedureCode: 'DT-VH-99' }),
      });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      const ticket = await assigned(created.body.code);
      expect(ticket.assignment?.unitCode).to.equal('QLVH');
    });

    it('refuses a duplicate code, a missing unit or an unknown one with a Vietnamese message and changes nothing', async () => {
      const before = domain().version;
      const duplicate = await submit('/admin/procedures', '/admin/procedures', {
        code: 'DT-VH-99',
        name: 'Trùng',
        unit: 'QLVH',
      });
      expect(duplicate.status).to.equal(400);
      expect(alertOf(duplicate)).to.contain('Đã có thủ tục mã DT-VH-99');
      const noUnit = await submit('/admin/procedures', '/admin/procedures', {
        code: 'DT-VH-98',
        name: 'Không đơn vị',
        unit: '',
      });
      expect(noUnit.status).to.equal(400);
      expect(alertOf(noUnit)).to.contain('Cần chọn đơn vị xử lý');
      expect(noUnit.text).to.contain('value="DT-VH-98"');
      const badCode = await submit('/admin/procedures', '/admin/procedures', {
        code: 'có dấu',
        name: 'Sai mã',
        unit: 'QLVH',
      });
      expect(alertOf(badCode)).to.contain('Mã thủ tục gồm');
      const moved = await submit('/admin/procedures', '/admin/procedures/DT-VH-99', {
        name: 'Cấp phép tổ chức lễ hội',
        unit: 'NOPE',
      });
      expect(moved.status).to.equal(400);
      expect(alertOf(moved)).to.contain('Không có đơn vị NOPE');
      expect(domain().version).to.equal(before);
      expect(domain().table.procedures.some((p) => p.code === 'DT-VH-98')).to.equal(false);
    });

    it('moves and removes a procedure, each a version in the history', async () => {
      expect(
        (
          await submit('/admin/procedures', '/admin/procedures/DT-VH-99', {
            name: 'Cấp phép lễ hội',
            unit: 'VP',
          })
        ).status,
      ).to.equal(303);
      expect(domain().table.procedures.find((p) => p.code === 'DT-VH-99')).to.deep.include({
        unit: 'VP',
        name: 'Cấp phép lễ hội',
      });
      expect((await submit('/admin/procedures', '/admin/procedures/DT-VH-99/remove', {})).status).to.equal(
        303,
      );
      expect(domain().table.procedures.some((p) => p.code === 'DT-VH-99')).to.equal(false);
      const history = (await get('/admin/history')).text;
      expect(history).to.contain('Thủ tục DT-VH-99: giao QLVH → VP');
      expect(history).to.contain('Bỏ thủ tục DT-VH-99');
    });
  });

  describe('SLA policy', () => {
    const spans = (normal: [string, string]) => ({
      normal_amount: normal[0],
      normal_unit: normal[1],
      urgent_amount: '4',
      urgent_unit: 'workingHours',
      reminder_amount: '1',
      reminder_unit: 'workingDays',
    });

    it('refuses a span that is not a positive amount in a known unit, naming the field, and changes nothing', async () => {
      const before = domain().version;
      for (const [amount, unit, message] of [
        ['0', 'workingDays', 'Thời hạn trả lời (thông thường): cần một số dương'],
        ['-3', 'workingDays', 'cần một số dương'],
        ['abc', 'workingDays', 'cần một số dương'],
        ['1,5', 'workingDays', 'số ngày làm việc phải là số nguyên'],
        ['5', 'weeks', 'cần chọn đơn vị'],
        ['99999', 'workingDays', 'tối đa 2500 ngày làm việc'],
      ] as const) {
        const refused = await submit('/admin/sla', '/admin/sla/spans', spans([amount, unit]));
        expect(refused.status, `${amount} ${unit}`).to.equal(400);
        expect(alertOf(refused), `${amount} ${unit}`).to.contain(message);
      }
      const noOne = await submit('/admin/sla', '/admin/sla/escalation', {
        after_2_amount: '2',
        after_2_unit: 'workingDays',
        notify_2: 'director',
      });
      expect(alertOf(noOne)).to.contain('Cấp 1: cần chọn ít nhất một người nhận thư báo');
      const lastOnly = await submit('/admin/sla', '/admin/sla/escalation/remove-last', {});
      expect(lastOnly.status).to.equal(303);
      const keepOne = await submit('/admin/sla', '/admin/sla/escalation/remove-last', {});
      expect(alertOf(keepOne)).to.contain('Cần giữ ít nhất cấp 1');
      const unknownCategory = await submit('/admin/sla', '/admin/sla/categories', {
        category: 'khong_co',
        span_amount: '2',
        span_unit: 'workingDays',
      });
      expect(alertOf(unknownCategory)).to.contain('Không có lĩnh vực khong_co');
      expect(domain().version).to.equal(before + 1);
      expect(domain().policy.deadlines.normal).to.deep.equal({ workingDays: 5 });
      expect(domain().policy.escalation).to.have.length(1);
    });

    it('adds an escalation level back, in order, with who is told', async () => {
      const added = await submit('/admin/sla', '/admin/sla/escalation/add', {
        new_after_amount: '3',
        new_after_unit: 'workingDays',
        new_notify: ['director', 'officeChief'],
      });
      expect(added.status, alertOf(added)).to.equal(303);
      expect(domain().policy.escalation[1]).to.deep.equal({
        level: 2,
        after: { workingDays: 3 },
        notify: ['director', 'officeChief'],
      });
      const edited = await submit('/admin/sla', '/admin/sla/escalation', {
        notify_1: 'officeChief',
        after_2_amount: '2',
        after_2_unit: 'workingDays',
        notify_2: 'director',
      });
      expect(edited.status, alertOf(edited)).to.equal(303);
      expect(domain().policy.escalation[1]).to.deep.equal({
        level: 2,
        after: { workingDays: 2 },
        notify: ['director'],
      });
    });

    it('a changed reply span is used at once by workers that were never restarted; older tickets keep their deadline', async () => {
      const older = await Ticket.findOne({ 'assignment.deadline': { $exists: true } }).lean();
      const olderDeadline = older!.assignment!.deadline.getTime();
      const saved = await submit('/admin/sla', '/admin/sla/spans', spans(['3600', 'seconds']));
      expect(saved.status, alertOf(saved)).to.equal(303);
      expect((await get('/admin/history')).text).to.contain(
        'Thời hạn trả lời thông thường: 5 ngày làm việc → 3600 giây',
      );
      const created = await api(base(), 'POST', '/api/v1/tickets', {
        token: operatorToken,
        body: ticketBody(),
      });
      expect(created.status).to.equal(201);
      const ticket = await assigned(created.body.code);
      expect(ticket.assignment!.deadline.getTime() - ticket.receivedAt.getTime()).to.equal(3600_000);
      expect(workers.ctx.domain.policy.deadlines.normal).to.deep.equal({ seconds: 3600 });
      expect((await Ticket.findById(older!._id).lean())!.assignment!.deadline.getTime()).to.equal(
        olderDeadline,
      );
    });

    it('sets and removes a category’s own span', async () => {
      const set = await submit('/admin/sla', '/admin/sla/categories', {
        category: 'heritage',
        span_amount: '10',
        span_unit: 'workingDays',
      });
      expect(set.status, alertOf(set)).to.equal(303);
      expect(domain().policy.categoryDeadlines.heritage).to.deep.equal({ workingDays: 10 });
      expect((await submit('/admin/sla', '/admin/sla/categories/heritage/remove', {})).status).to.equal(303);
      expect(domain().policy.categoryDeadlines.heritage).to.equal(undefined);
    });
    it('restoring the version before the span change brings the previous span back, as a new version', async () => {
      const changed = await OrganisationVersion.findOne({
        changes: /^Thời hạn trả lời thông thường: 5 ngày làm việc → 3600 giây/,
      }).lean();
      const before = changed!.version - 1;
      const restored = await submit('/admin/history', `/admin/history/${before}/restore`, {});
      expect(restored.status).to.equal(303);
      expect(domain().policy.deadlines.normal).to.deep.equal({ workingDays: 5 });
      expect((await get('/admin/history')).text).to.contain(`Khôi phục nội dung phiên bản ${before}`);
      const created = await api(base(), 'POST', '/api/v1/tickets', {
        token: operatorToken,
        body: ticketBody(),
      });
      const ticket = await assigned(created.body.code);
      expect(ticket.assignment!.deadline.getTime() - ticket.receivedAt.getTime()).to.be.greaterThan(3600_000);
    });
  });

  describe('staff accounts and API tokens', () => {
    const tokenIn = (page: Page) =>
      /id="secret-token"[^>]*value="(hl_[A-Za-z0-9_-]{43})"/.exec(page.text)?.[1];

    it('adds an account and shows its token once; the token works, no later page shows it, the event names the admin', async () => {
      const added = await submit('/admin/staff', '/admin/staff', {
        name: 'Trần Văn Tổng Đài',
        email: 'TongDai@admin-settings.test',
        role: 'operator',
        expiresIn: '90d',
        scope: 'intake',
      });
      expect(added.status).to.equal(200);
      expect(added.headers.get('cache-control')).to.equal('no-store');
      const token = tokenIn(added);
      expect(token).to.be.a('string');
      const created = await api(base(), 'POST', '/api/v1/tickets', { token: token!, body: ticketBody() });
      expect(created.status).to.equal(201);
      const read = await api(base(), 'GET', '/api/v1/tickets', { token: token! });
      expect(read.status, 'scope intake only').to.equal(403);
      const later = await get('/admin/staff');
      expect(later.text).to.contain('tongdai@admin-settings.test');
      expect(later.text).to.not.contain(token!);
      const event = await StaffEvent.findOne({
        kind: 'token_created',
        'data.email': 'tongdai@admin-settings.test',
      }).lean();
      expect(event).to.deep.include({
        actorId: adminId,
        actorName: 'Lê Thị Quản Trị',
        role: 'admin',
        target: token!.slice(0, 11),
      });
      expect(JSON.stringify(event)).to.not.contain(token!);
    });

    it('refuses a bad e-mail, a duplicate, a bad expiry, no scope and no role, naming the field, and creates nothing', async () => {
      const count = await Staff.countDocuments({});
      const cases: Array<[Record<string, string>, string]> = [
        [
          { name: 'Nguyễn A', email: 'không-phải-địa-chỉ', role: 'operator', scope: 'intake' },
          'Địa chỉ thư điện tử không hợp lệ',
        ],
        [
          { name: 'Nguyễn A', email: 'tongdai@admin-settings.test', role: 'operator', scope: 'intake' },
          'Đã có tài khoản với địa chỉ tongdai@admin-settings.test',
        ],
        [
          {
            name: 'Nguyễn A',
            email: 'a@admin-settings.test',
            role: 'operator',
            scope: 'intake',
            expiresIn: '3 tuần',
          },
          'Thời hạn của mã cần dạng số',
        ],
        [
          { name: 'Nguyễn A', email: 'a@admin-settings.test', role: 'operator' },
          'Cần chọn ít nhất một phạm vi',
        ],
        [
          { name: 'Nguyễn A', email: 'a@admin-settings.test', role: 'root', scope: 'read' },
          'Cần chọn vai trò',
        ],
      ];
      for (const [form, message] of cases) {
        const refused = await submit('/admin/staff', '/admin/staff', form);
        expect(refused.status, message).to.equal(400);
        expect(alertOf(refused)).to.contain(message);
        expect(tokenIn(refused)).to.equal(undefined);
      }
      expect(await Staff.countDocuments({})).to.equal(count);
    });

    it('issues another token, revokes one by prefix, locks and unlocks an account, each a staff event', async () => {
      const account = await Staff.findOne({ email: 'tongdai@admin-settings.test' }).lean();
      const id = account!._id.toString();
      const issued = await submit('/admin/staff', `/admin/staff/${id}/token`, { scope: ['intake', 'read'] });
      const second = tokenIn(issued)!;
      expect((await api(base(), 'GET', '/api/v1/tickets', { token: second })).status).to.equal(200);
      const revoked = await submit('/admin/staff', '/admin/staff/revoke-prefix', {
        prefix: second.slice(0, 11),
      });
      expect(revoked.text).to.contain('Đã thu hồi mã');
      expect((await api(base(), 'GET', '/api/v1/tickets', { token: second })).status).to.equal(401);
      const again = await submit('/admin/staff', '/admin/staff/revoke-prefix', {
        prefix: second.slice(0, 11),
      });
      expect(alertOf(again)).to.contain('Không có mã đang dùng nào');
      expect((await submit('/admin/staff', `/admin/staff/${id}/disable`, {})).text).to.contain(
        'Đã khóa tài khoản',
      );
      expect((await Staff.findById(id).lean())!.disabledAt).to.be.instanceOf(Date);
      const refusedToken = await submit('/admin/staff', `/admin/staff/${id}/enable`, {});
      expect(refusedToken.text).to.contain('Đã mở khóa');
      const self = await fetch(`${base()}/admin/staff/${adminId}/disable`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          _csrf: hiddenField((await get('/admin/staff')).text, '/admin/staff', '_csrf'),
        }),
      });
      expect(self.status).to.equal(400);
      expect(await self.text()).to.contain('Không thể tự khóa tài khoản của chính mình');
      const kinds = (await StaffEvent.find({ actorId: adminId }).sort({ at: 1, _id: 1 }).lean()).map(
        (e) => `${e.kind}:${(e.data as { command?: string })?.command}`,
      );
      expect(kinds).to.include.members([
        'token_created:add',
        'token_created:token',
        'token_revoked:revoke',
        'token_revoked:disable',
        'account_enabled:enable',
      ]);
    });

    it('is for admins only: a chief’s session is sent to the login, and its form refused', async () => {
      const chief = await monitorStaff('chief', 'Chánh Văn phòng', 'cvp@admin-settings.test', NOW);
      const chiefCookie = chief.cookie.replace('hl_monitor_session=', 'hl_admin_session=');
      const page = await monitorFetch(base(), '/admin/staff', { cookie: chiefCookie });
      expect(page.status).to.equal(303);
      expect(page.headers.get('location')).to.match(/^\/monitor/);
      const posted = await monitorFetch(base(), '/admin/staff', {
        cookie: chiefCookie,
        form: { name: 'Kẻ lạ', email: 'y@admin-settings.test', role: 'admin', scope: 'read' },
      });
      expect(posted.status).to.equal(401);
      expect(await Staff.countDocuments({ email: 'y@admin-settings.test' })).to.equal(0);
    });

    it('refuses a form without the session’s CSRF token', async () => {
      const response = await fetch(`${base()}/admin/staff`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          name: 'Kẻ lạ',
          email: 'x@admin-settings.test',
          role: 'admin',
          scope: 'read',
        }),
      });
      expect(response.status).to.equal(403);
      expect(await Staff.countDocuments({ email: 'x@admin-settings.test' })).to.equal(0);
    });
  });

  describe('calendar import', () => {
    const CSV = [
      '# ngày,loại,tên,ngày được nghỉ thay',
      '2028-01-01,nghỉ,Tết Dương lịch',
      '2028-04-30,nghỉ,Ngày Chiến thắng',
      '2028-05-01,nghỉ,"Ngày Quốc tế Lao động, 1/5"',
      '2028-09-02,nghỉ,Quốc khánh',
      '2028-09-09,làm bù,Làm bù cho thứ Sáu 01/09/2028,2028-09-01',
    ].join('\n');

    const importForm = async (
      year: number,
      fields: Record<string, string>,
      file?: { name: string; text: string },
    ) => {
      const csrf = hiddenField(
        (await get(`/admin/calendar?year=${year}`)).text,
        `/admin/calendar/${year}/import`,
        '_csrf',
      );
      const body = new FormData();
      body.append('_csrf', csrf);
      for (const [key, value] of Object.entries(fields)) body.append(key, value);
      if (file) body.append('file', new Blob([file.text], { type: 'text/csv' }), file.name);
      const response = await fetch(`${base()}/admin/calendar/${year}/import`, {
        method: 'POST',
        headers: { cookie },
        body,
        redirect: 'manual',
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    };

    it('refuses overlapping or bad entries with the line and a Vietnamese message, and changes nothing', async () => {
      const before = domain().version;
      const cases: Array<[string, string]> = [
        [`${CSV}\n2028-04-30,nghỉ,Trùng`, 'Dòng 7: ngày 2028-04-30 trùng với dòng 3'],
        [
          `${CSV}\n2028-09-16,làm bù,Làm bù lần hai,2028-09-01`,
          'Dòng 7: ngày 2028-09-01 đã được làm bù ở dòng 6',
        ],
        [`${CSV}\n2028-09-09,nghỉ,Vừa nghỉ vừa làm bù`, 'Dòng 7: ngày 2028-09-09 trùng với dòng 6'],
        ['2028-09-13,làm bù,Thứ Tư,2028-09-01', 'phải là thứ Bảy hoặc Chủ nhật'],
        ['2027-12-31,nghỉ,Năm khác', 'không thuộc năm 2028'],
        ['2028-02-30,nghỉ,Ngày không có', 'không phải một ngày có thật'],
        ['2028-01-01,nghỉ lễ,Tết', 'loại ngày phải là «nghỉ» hoặc «làm bù»'],
        ['{"year": 2027, "daysOff": [], "makeUpWorkingDays": []}', 'không phải năm 2028'],
        ['', 'Cần dán nội dung lịch'],
      ];
      for (const [calendar, message] of cases) {
        const refused = await importForm(2028, { calendar, source: 'Thông báo thử nghiệm' });
        expect(refused.status, message).to.equal(400);
        expect(alertOf(refused)).to.contain(message);
      }
      const noSource = await importForm(2028, { calendar: CSV });
      expect(alertOf(noSource)).to.contain('Cần nhập nguồn');
      expect(domain().version).to.equal(before);
      expect(domain().officialYears.has(2028)).to.equal(false);
    });

    it('imports a pasted CSV as the year’s schedule with its source, the replaced weekday added as a day off', async () => {
      const saved = await importForm(2028, {
        calendar: CSV,
        source: 'Thông báo lịch nghỉ năm 2028 (thử nghiệm)',
      });
      expect(saved.status, alertOf(saved)).to.equal(303);
      const schedule = domain().officialYears.get(2028)!;
      expect(schedule.source).to.equal('Thông báo lịch nghỉ năm 2028 (thử nghiệm)');
      expect(schedule.daysOff.map((day) => day.date)).to.deep.equal([
        '2028-01-01',
        '2028-04-30',
        '2028-05-01',
        '2028-09-01',
        '2028-09-02',
      ]);
      expect(schedule.daysOff[2]!.name).to.equal('Ngày Quốc tế Lao động, 1/5');
      expect(schedule.makeUpWorkingDays).to.deep.equal([
        { date: '2028-09-09', replaces: '2028-09-01', name: 'Làm bù cho thứ Sáu 01/09/2028' },
      ]);
      expect(workers.ctx.domain.version).to.be.at.most(domain().version);
      expect((await get('/admin/history')).text).to.contain(
        'Lịch năm 2028: nhập 5 ngày nghỉ và 1 ngày làm bù',
      );
    });

    it('imports an uploaded JSON file in the format of config/calendar, replacing the year', async () => {
      const json = JSON.stringify({
        year: 2028,
        source: 'Tệp JSON thử nghiệm',
        daysOff: [{ date: '2028-01-01', name: 'Tết Dương lịch' }],
        makeUpWorkingDays: [],
      });
      const saved = await importForm(2028, { calendar: '' }, { name: '2028.json', text: json });
      expect(saved.status, alertOf(saved)).to.equal(303);
      expect(domain().officialYears.get(2028)!.daysOff).to.have.length(1);
      expect(domain().officialYears.get(2028)!.source).to.equal('Tệp JSON thử nghiệm');
      expect((await get('/admin/history')).text).to.contain('(thay lịch trước)');
    });
  });
});
