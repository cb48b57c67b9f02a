import { expect } from 'chai';
import { LoginLink } from '../../shared/db/models/login-link.model.js';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { issueLoginLink } from '../../shared/staff/login-links.js';
import { MONITOR_ROLES } from '../../services/monitor/monitor-access.js';
import { seedAssignedTicket } from '../support/assigned-ticket.js';
import { hiddenField, monitorFetch, monitorStaff, type MonitorStaff } from '../support/monitor-client.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';

const DAY_MS = 24 * 3600_000;

/** The fields every action form carries, read from the ticket page as a browser would submit them. */
async function formFields(
  url: string,
  staff: MonitorStaff,
  code: string,
  action: string,
): Promise<Record<string, string>> {
  const page = await monitorFetch(url, `/monitor/tickets/${code}`, { cookie: staff.cookie });
  expect(page.status).to.equal(200);
  const fields: Record<string, string> = {};
  for (const name of ['_csrf', 'formId', 'expectedStatus', 'expectedNo']) {
    try {
      fields[name] = hiddenField(page.text, `/${action}`, name);
    } catch {
      // The note form carries only _csrf and formId.
    }
  }
  return fields;
}

function cookieOf(setCookie: string | null): string {
  return (setCookie ?? '').split(';')[0] ?? '';
}

describe('monitor: login by e-mailed link and acting on tickets', function () {
  this.timeout(60_000);
  let pipeline: Pipeline;
  let url: string;
  let chief: MonitorStaff;
  let secondChief: MonitorStaff;
  let reviewer: MonitorStaff;

  before(async () => {
    pipeline = await startPipeline('monitor-actions', { http: true, workers: true });
    url = pipeline.service.url!;
    chief = await monitorStaff('chief', 'Trần Văn Bình', 'chief@monitor-actions.test');
    secondChief = await monitorStaff('admin', 'Phạm Quốc Dũng', 'admin@monitor-actions.test');
    reviewer = await monitorStaff('reviewer', 'Lê Minh Châu', 'reviewer@monitor-actions.test');
  });
  after(async () => pipeline?.stop());

  describe('login link', () => {
    async function askForLink(
      email: string,
      from = '/monitor',
    ): Promise<{ status: number; text: string; cookie: string }> {
      const form = await monitorFetch(url, from);
      const cookie = cookieOf(form.headers.get('set-cookie'));
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
      const next = /name="next" value="([^"]+)"/.exec(form.text)?.[1];
      const sent = await monitorFetch(url, '/monitor/login', {
        cookie,
        form: { _csrf: csrf, email, ...(next ? { next } : {}) },
      });
      return { status: sent.status, text: sent.text, cookie };
    }

    it('answers the same for a known and an unknown address, and e-mails only the known one', async () => {
      const known = await askForLink('Chief@Monitor-Actions.test');
      const unknown = await askForLink('nobody@monitor-actions.test');
      const operatorEmail = 'operator@monitor-actions.test';
      await createStaff({ name: 'Nguyễn Thị Lan', email: operatorEmail, role: 'operator' }, new Date());
      const operator = await askForLink(operatorEmail);
      expect([known.status, unknown.status, operator.status]).to.deep.equal([200, 200, 200]);
      const strip = (html: string, email: string) =>
        html.replaceAll(email, 'EMAIL').replace(/value="[A-Za-z0-9_-]{32}(\.[A-Za-z0-9_-]{43})?"/g, '');
      expect(strip(unknown.text, 'nobody@monitor-actions.test')).to.equal(
        strip(known.text, 'chief@monitor-actions.test'),
      );
      expect(strip(operator.text, operatorEmail)).to.equal(strip(known.text, 'chief@monitor-actions.test'));
      const [mail] = await pipeline.mail.waitFor((m) => m.to.includes('chief@monitor-actions.test'));
      expect(mail!.subject).to.equal('[1022] Đường dẫn đăng nhập trang theo dõi');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const others = pipeline.mail
        .messages()
        .filter((m) => m.to.includes('nobody@monitor-actions.test') || m.to.includes(operatorEmail));
      expect(others).to.have.length(0);
      expect(await LoginLink.countDocuments({})).to.equal(1);
    });

    it('logs in only by POST, once, with an HttpOnly SameSite=Lax cookie; a second use is refused', async () => {
      // Came from an e-mailed ticket link while logged out: lands back on the list after login.
      const bounced = await monitorFetch(url, '/monitor/tickets?overdue=true');
      const requested = await askForLink('admin@monitor-actions.test', bounced.headers.get('location')!);
      expect(requested.status).to.equal(200);
      const [mail] = await pipeline.mail.waitFor((m) => m.to.includes('admin@monitor-actions.test'));
      const token = /\/monitor\/login\/([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;

      // A mail scanner's GET does not consume the link.
      const scanned = await monitorFetch(url, `/monitor/login/${token}`);
      expect(scanned.status).to.equal(200);
      const confirm = await monitorFetch(url, `/monitor/login/${token}`);
      const cookie = cookieOf(confirm.headers.get('set-cookie')) || requested.cookie;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(confirm.text)![1]!;

      const noCsrf = await monitorFetch(url, `/monitor/login/${token}`, {
        cookie,
        form: { _csrf: 'forged' },
      });
      expect(noCsrf.status).to.equal(403);
      const login = await monitorFetch(url, `/monitor/login/${token}`, { cookie, form: { _csrf: csrf } });
      expect(login.status).to.equal(303);
      expect(login.headers.get('location')).to.equal('/monitor/tickets?overdue=true');
      const session = login.headers.getSetCookie().find((c) => c.startsWith('hl_monitor_session='))!;
      expect(session)
        .to.match(/HttpOnly/i)
        .and.to.match(/SameSite=Lax/i)
        .and.to.match(/Path=\/monitor/);
      expect(session).not.to.match(/Secure/i);
      const dashboard = await monitorFetch(url, '/monitor', { cookie: cookieOf(session) });
      expect(dashboard.text).to.contain('Theo dõi xử lý phản ánh, kiến nghị');

      const again = await monitorFetch(url, `/monitor/login/${token}`, { cookie, form: { _csrf: csrf } });
      expect(again.status).to.equal(410);
      expect(again.text).to.contain('đã được dùng hoặc đã hết hạn');

      // Logging out revokes the session in MongoDB, not just the cookie.
      const logoutCsrf = hiddenField(dashboard.text, '/monitor/logout', '_csrf');
      const out = await monitorFetch(url, '/monitor/logout', {
        cookie: cookieOf(session),
        form: { _csrf: logoutCsrf },
      });
      expect(out.status).to.equal(303);
      const after = await monitorFetch(url, '/monitor', { cookie: cookieOf(session) });
      expect(after.text).to.contain('Gửi đường dẫn đăng nhập');
    });

    it('opens the queue board to an admin who logged in by the e-mailed link, and to nobody else', async () => {
      // A browser without a session is sent to the login, which will bring it back to the board.
      const bounced = await monitorFetch(url, '/admin/queues');
      expect(bounced.status).to.equal(303);
      expect(bounced.headers.get('location')).to.equal('/monitor?next=%2Fadmin%2Fqueues');

      const logIn = async (email: string) => {
        const before = pipeline.mail.messages().filter((m) => m.to.includes(email)).length;
        const requested = await askForLink(email, bounced.headers.get('location')!);
        expect(requested.status).to.equal(200);
        const mails = await pipeline.mail.waitFor((m) => m.to.includes(email), { count: before + 1 });
        const token = /\/monitor\/login\/([A-Za-z0-9_-]{43})/.exec(mails.at(-1)!.text)![1]!;
        const confirm = await monitorFetch(url, `/monitor/login/${token}`);
        const cookie = cookieOf(confirm.headers.get('set-cookie')) || requested.cookie;
        const csrf = /name="_csrf" value="([^"]+)"/.exec(confirm.text)![1]!;
        return monitorFetch(url, `/monitor/login/${token}`, { cookie, form: { _csrf: csrf } });
      };

      const admin = await logIn('admin@monitor-actions.test');
      expect(admin.status).to.equal(303);
      expect(admin.headers.get('location')).to.equal('/admin/queues');
      const boardCookie = admin.headers.getSetCookie().find((c) => c.startsWith('hl_admin_session='))!;
      expect(boardCookie)
        .to.match(/HttpOnly/i)
        .and.to.match(/SameSite=Strict/i)
        // Scoped to the administration pages (the board and /admin), nothing else.
        .and.to.match(/Path=\/admin(;|$)/);
      const board = await monitorFetch(url, '/admin/queues', { cookie: cookieOf(boardCookie) });
      expect(board.status).to.equal(200);
      expect(board.text).to.include('<base href="/admin/queues/"');
      const api = await monitorFetch(url, '/admin/queues/api/queues', {
        cookie: cookieOf(boardCookie),
        accept: 'application/json',
      });
      expect(api.status).to.equal(200);
      const monitorCookie = cookieOf(
        admin.headers.getSetCookie().find((c) => c.startsWith('hl_monitor_session='))!,
      );
      const dashboard = await monitorFetch(url, '/monitor', { cookie: monitorCookie });
      expect(dashboard.text).to.contain('<a href="/admin/queues">Hàng đợi xử lý</a>');

      // The Office Chief's dashboard session does not open the board, even under the board's cookie name.
      const chiefLogin = await logIn('chief@monitor-actions.test');
      expect(chiefLogin.headers.getSetCookie().some((c) => c.startsWith('hl_admin_session='))).to.equal(
        false,
      );
      const chiefSession = cookieOf(
        chiefLogin.headers.getSetCookie().find((c) => c.startsWith('hl_monitor_session='))!,
      ).split('=')[1]!;
      const chiefDashboard = await monitorFetch(url, '/monitor', {
        cookie: `hl_monitor_session=${chiefSession}`,
      });
      expect(chiefDashboard.text).not.to.contain('Hàng đợi xử lý');
      const asChief = await monitorFetch(url, '/admin/queues/api/queues', {
        cookie: `hl_admin_session=${chiefSession}`,
        accept: 'application/json',
      });
      expect(asChief.status).to.equal(401);

      // An admin whose session has no board cookie yet (opened before, or arriving from another site)
      // gets one from the dashboard.
      const older = await monitorFetch(url, '/monitor', { cookie: secondChief.cookie });
      const issued = older.headers.getSetCookie().find((c) => c.startsWith('hl_admin_session='));
      expect(cookieOf(issued ?? null).split('=')[1]).to.equal(secondChief.cookie.split('=')[1]);
      expect((await monitorFetch(url, '/admin/queues', { cookie: cookieOf(issued!) })).status).to.equal(200);
      const chiefView = await monitorFetch(url, '/monitor', { cookie: chief.cookie });
      expect(chiefView.headers.getSetCookie().some((c) => c.startsWith('hl_admin_session='))).to.equal(false);

      // Logging out closes the board too.
      const out = await monitorFetch(url, '/monitor/logout', {
        cookie: monitorCookie,
        form: { _csrf: hiddenField(dashboard.text, '/monitor/logout', '_csrf') },
      });
      expect(out.headers.getSetCookie().some((c) => /^hl_admin_session=;/.test(c))).to.equal(true);
      const afterLogout = await monitorFetch(url, '/admin/queues', { cookie: cookieOf(boardCookie) });
      expect(afterLogout.status).to.equal(303);
    });

    it('still e-mails a link whose job Redis lost: the running sweeper sends it, once', async () => {
      // Stored as POST /monitor/login stores it, but never enqueued (Redis down or wiped meanwhile).
      const linkId = await issueLoginLink(
        pipeline.config.LINK_SECRET,
        'reviewer@monitor-actions.test',
        MONITOR_ROLES,
        new Date(),
      );
      expect(linkId).to.be.a('string');
      await pipeline.mail.waitFor((m) => m.messageId.startsWith(`login-${linkId}@`), { timeoutMs: 15_000 });
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(
        pipeline.mail.messages().filter((m) => m.messageId.startsWith(`login-${linkId}@`)),
      ).to.have.length(1);
      expect((await LoginLink.findById(linkId).lean())?.sentAt).to.be.instanceOf(Date);
    });

    it('refuses an expired link', async () => {
      const requested = await askForLink('admin@monitor-actions.test');
      expect(requested.status).to.equal(200);
      await waitForLinks(2);
      await LoginLink.updateMany({ usedAt: null }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      const [mail] = await pipeline.mail
        .waitFor((m) => m.to.includes('admin@monitor-actions.test'), { count: 2 })
        .then((all) => all.slice(-1));
      const token = /\/monitor\/login\/([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;
      const page = await monitorFetch(url, `/monitor/login/${token}`);
      expect(page.status).to.equal(410);
    });

    async function waitForLinks(count: number): Promise<void> {
      for (let i = 0; i < 100 && (await LoginLink.countDocuments({ sentAt: { $ne: null } })) < count; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  });

  describe('acting on a ticket', () => {
    it('shows the ticket with its history in Vietnamese', async () => {
      const { code } = await seedAssignedTicket(pipeline.config.LINK_SECRET);
      const page = await monitorFetch(url, `/monitor/tickets/${code}`, { cookie: chief.cookie });
      expect(page.status).to.equal(200);
      expect(page.text)
        .to.contain('Lịch sử xử lý')
        .and.to.contain('Tiếp nhận phiếu')
        .and.to.contain('Chuyển đơn vị xử lý');
      expect(page.text).to.contain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
      expect(page.text).to.contain('Giao lại cho đơn vị khác');
    });

    it('reassigns: of two people at once one wins, the other is told clearly; the old link is revoked', async () => {
      const seeded = await seedAssignedTicket(pipeline.config.LINK_SECRET);
      const first = await formFields(url, chief, seeded.code, 'reassign');
      const second = await formFields(url, secondChief, seeded.code, 'reassign');
      const [a, b] = await Promise.all([
        monitorFetch(url, `/monitor/tickets/${seeded.code}/reassign`, {
          cookie: chief.cookie,
          form: { ...first, unitCode: 'QLDS', reason: 'Nội dung về di sản' },
        }),
        monitorFetch(url, `/monitor/tickets/${seeded.code}/reassign`, {
          cookie: secondChief.cookie,
          form: { ...second, unitCode: 'TDTT' },
        }),
      ]);
      expect([a.status, b.status].sort()).to.deep.equal([303, 409]);
      const loser = a.status === 409 ? a : b;
      expect(loser.text).to.contain('Phiếu vừa được cập nhật (Giao lại cho đơn vị khác lúc');
      expect(loser.text).to.contain('thao tác của anh/chị chưa được thực hiện');

      const ticket = await Ticket.findById(seeded.ticketId).lean();
      expect(ticket!.assignment!.no).to.equal(2);
      expect(ticket!.events.filter((e) => e.type === 'reassigned')).to.have.length(1);
      const winner = ticket!.assignment!.unitCode;
      expect(ticket!.next?.assignmentNo).to.equal(2);
      expect(ticket!.next!.seq).to.be.greaterThan(1);
      const event = ticket!.events.find((e) => e.type === 'reassigned')!;
      expect((event.actor as { kind: string }).kind).to.equal('staff');
      expect((event.data as { previousTokenHash: string }).previousTokenHash).to.be.a('string');

      const unitEmail = winner === 'QLDS' ? 'quanly.disan@example.gov.vn' : 'quanly.tdtt@example.gov.vn';
      const [assign] = await pipeline.mail.waitFor(
        (m) => m.to.includes(unitEmail) && m.subject.includes(seeded.code),
      );
      expect(assign!.text).to.match(/\/answer\/[A-Za-z0-9_-]{43}/);
      await pipeline.mail.waitFor(
        (m) => m.to.includes('quanly.vanhoa@example.gov.vn') && m.messageId.includes('.reassigned-away-1@'),
      );

      const old = await fetch(`${url}/answer/${seeded.token}`, { headers: { accept: 'text/html' } });
      expect(old.status).to.equal(410);
    });

    it("never puts the new unit's link in a late e-mail of the former assignment", async () => {
      const now = new Date();
      const seeded = await seedAssignedTicket(pipeline.config.LINK_SECRET, { unitCode: 'TVT' });
      // The first assignment's e-mail is still owed (an SMTP outage) when the ticket is reassigned.
      const stale = {
        key: 'assign-1',
        kind: 'assign',
        to: ['thuvien@example.gov.vn'],
        cc: [],
        messageId: `${seeded.ticketId}.assign-1@localhost`,
        notBefore: now,
        createdAt: now,
        attempts: 0,
        data: { assignmentNo: 1 },
      };
      await Ticket.updateOne({ _id: seeded.ticketId }, { $push: { outbox: stale } });
      const fields = await formFields(url, chief, seeded.code, 'reassign');
      const done = await monitorFetch(url, `/monitor/tickets/${seeded.code}/reassign`, {
        cookie: chief.cookie,
        form: { ...fields, unitCode: 'BTT' },
      });
      expect(done.status).to.equal(303);
      const [fresh] = await pipeline.mail.waitFor(
        (m) => m.messageId === `${seeded.ticketId}.assign-2@localhost`,
      );
      const [late] = await pipeline.mail.waitFor(
        (m) => m.messageId === `${seeded.ticketId}.assign-1@localhost`,
      );
      const token = /\/answer\/([A-Za-z0-9_-]{43})/.exec(fresh!.text)![1]!;
      expect(fresh!.to).to.deep.equal(['baotang@example.gov.vn']);
      expect(late!.to).to.deep.equal(['thuvien@example.gov.vn']);
      expect(late!.text).not.to.contain(token);
      expect(late!.html).not.to.contain(token);
    });

    it('refuses a form without its CSRF token, and acting for the conduct reviewer (who may add notes)', async () => {
      const seeded = await seedAssignedTicket(pipeline.config.LINK_SECRET, {
        fields: { category: 'conduct' },
        unitCode: 'VP',
      });
      const fields = await formFields(url, chief, seeded.code, 'reassign');
      const forged = await monitorFetch(url, `/monitor/tickets/${seeded.code}/reassign`, {
        cookie: chief.cookie,
        form: { ...fields, _csrf: 'x'.repeat(43), unitCode: 'QLDS' },
      });
      expect(forged.status).to.equal(403);
      const reviewerFields = await formFields(url, reviewer, seeded.code, 'note');
      const refused = await monitorFetch(url, `/monitor/tickets/${seeded.code}/reassign`, {
        cookie: reviewer.cookie,
        form: { ...reviewerFields, expectedStatus: 'assigned', expectedNo: '1', unitCode: 'QLDS' },
      });
      expect(refused.status).to.equal(403);
      const note = { ...reviewerFields, text: 'Đã liên hệ người phản ánh, đang xác minh.' };
      const [n1, n2] = await Promise.all([
        monitorFetch(url, `/monitor/tickets/${seeded.code}/note`, { cookie: reviewer.cookie, form: note }),
        monitorFetch(url, `/monitor/tickets/${seeded.code}/note`, { cookie: reviewer.cookie, form: note }),
      ]);
      expect([n1.status, n2.status]).to.deep.equal([303, 303]);
      const ticket = await Ticket.findById(seeded.ticketId).lean();
      expect(ticket!.events.filter((e) => e.type === 'note')).to.have.length(1);
      const page = await monitorFetch(url, `/monitor/tickets/${seeded.code}`, { cookie: chief.cookie });
      expect(page.text)
        .to.contain('Ghi chú nội bộ')
        .and.to.contain('Đã liên hệ người phản ánh, đang xác minh.');
    });

    it('grants an extension: new deadline, link kept alive past it, timers restarted, the unit told', async () => {
      const proposed = new Date(Date.now() + 10 * DAY_MS);
      const seeded = await seedAssignedTicket(pipeline.config.LINK_SECRET, {
        fields: {
          extensionRequest: {
            reason: 'Cần xác minh thực địa',
            proposedDeadline: proposed,
            requestedAt: new Date(),
            requestedBy: 'Trần Thị Mai (Trưởng phòng)',
            decision: 'pending',
          },
        },
      });
      const before = await Ticket.findById(seeded.ticketId).lean();
      const fields = await formFields(url, chief, seeded.code, 'extension');
      const done = await monitorFetch(url, `/monitor/tickets/${seeded.code}/extension`, {
        cookie: chief.cookie,
        form: { ...fields, decision: 'grant', note: 'Đồng ý, đề nghị trả lời đúng hạn mới.' },
      });
      expect(done.status).to.equal(303);
      const again = await monitorFetch(url, `/monitor/tickets/${seeded.code}/extension`, {
        cookie: chief.cookie,
        form: { ...fields, decision: 'grant' },
      });
      expect(again.status, 'the same form twice is a repeat, not an error').to.equal(303);

      const ticket = await Ticket.findById(seeded.ticketId).lean();
      expect(ticket!.extensionRequest!.decision).to.equal('granted');
      expect(ticket!.assignment!.deadline.getTime()).to.equal(proposed.getTime());
      expect(ticket!.assignment!.tokenExpiresAt.getTime()).to.equal(proposed.getTime() + 30 * DAY_MS);
      expect(ticket!.next!.seq).to.be.greaterThan(before!.next!.seq);
      expect(ticket!.events.filter((e) => e.type === 'extension_granted')).to.have.length(1);
      const [mail] = await pipeline.mail.waitFor(
        (m) => m.to.includes('quanly.vanhoa@example.gov.vn') && m.messageId.includes('.extension-granted-1-'),
      );
      expect(mail!.subject).to.contain('Chấp thuận gia hạn');
      expect(mail!.text).to.contain('Đồng ý, đề nghị trả lời đúng hạn mới.');
      expect(mail!.text).to.contain(`/answer/${seeded.token}`);
    });

    it('refuses a "not ours" request: back to assigned with the same unit, which is told', async () => {
      const seeded = await seedAssignedTicket(pipeline.config.LINK_SECRET, {
        fields: {
          status: 'transfer_requested',
          transferRequest: {
            reason: 'Không thuộc chức năng',
            suggestedUnit: 'TDTT',
            requestedAt: new Date(),
            requestedBy: 'Lê Văn Tâm (Phó phòng)',
            decision: 'pending',
          },
        },
      });
      const fields = await formFields(url, chief, seeded.code, 'transfer');
      const done = await monitorFetch(url, `/monitor/tickets/${seeded.code}/transfer`, {
        cookie: chief.cookie,
        form: { ...fields, decision: 'refuse', unitCode: 'TDTT', note: 'Nội dung thuộc lĩnh vực văn hóa.' },
      });
      expect(done.status).to.equal(303);
      const ticket = await Ticket.findById(seeded.ticketId).lean();
      expect(ticket!.status).to.equal('assigned');
      expect(ticket!.transferRequest!.decision).to.equal('refused');
      expect(ticket!.assignment!.no).to.equal(1);
      await pipeline.mail.waitFor(
        (m) => m.to.includes('quanly.vanhoa@example.gov.vn') && m.messageId.includes('.transfer-refused-1-'),
      );
    });

    it('accepts a "not ours" request by reassigning to the suggested unit', async () => {
      const seeded = await seedAssignedTicket(pipeline.config.LINK_SECRET, {
        fields: {
          status: 'transfer_requested',
          transferRequest: {
            reason: 'Không thuộc chức năng',
            suggestedUnit: 'TDTT',
            requestedAt: new Date(),
            requestedBy: 'Lê Văn Tâm (Phó phòng)',
            decision: 'pending',
          },
        },
      });
      const fields = await formFields(url, chief, seeded.code, 'transfer');
      const done = await monitorFetch(url, `/monitor/tickets/${seeded.code}/transfer`, {
        cookie: chief.cookie,
        form: { ...fields, decision: 'accept', unitCode: 'TDTT' },
      });
      expect(done.status).to.equal(303);
      const ticket = await Ticket.findById(seeded.ticketId).lean();
      expect(ticket!.status).to.equal('assigned');
      expect(ticket!.assignment!.unitCode).to.equal('TDTT');
      expect(ticket!.transferRequest!.decision).to.equal('accepted');
      await pipeline.mail.waitFor(
        (m) => m.to.includes('quanly.tdtt@example.gov.vn') && m.subject.includes(seeded.code),
      );
    });

    it('closes with a reason: no timer left, the link withdrawn, the unit told not to answer', async () => {
      const seeded = await seedAssignedTicket(pipeline.config.LINK_SECRET);
      const fields = await formFields(url, chief, seeded.code, 'close');
      const empty = await monitorFetch(url, `/monitor/tickets/${seeded.code}/close`, {
        cookie: chief.cookie,
        form: { ...fields, reason: '  ' },
      });
      expect(empty.status).to.equal(400);
      expect(empty.text).to.contain('Vui lòng nhập nội dung.');
      const done = await monitorFetch(url, `/monitor/tickets/${seeded.code}/close`, {
        cookie: chief.cookie,
        form: { ...fields, reason: 'Trùng với phiếu đã xử lý.' },
      });
      expect(done.status).to.equal(303);
      const ticket = await Ticket.findById(seeded.ticketId).lean();
      expect(ticket!.status).to.equal('closed');
      expect(ticket!.next).to.equal(null);
      expect(ticket!.closure!.note).to.equal('Trùng với phiếu đã xử lý.');
      expect(ticket!.assignment!.revokedAt).to.be.instanceOf(Date);
      await pipeline.mail.waitFor(
        (m) => m.to.includes('quanly.vanhoa@example.gov.vn') && m.messageId.includes('.ticket-closed-1@'),
      );
      const page = await monitorFetch(url, `/monitor/tickets/${seeded.code}?done=close`, {
        cookie: chief.cookie,
      });
      expect(page.text).to.contain('Đã đóng phiếu.').and.to.contain('Trùng với phiếu đã xử lý.');
      const link = await monitorFetch(url, `/answer/${seeded.token}`);
      expect(link.status).to.equal(410);
      expect(link.text).to.contain('vì phiếu đã được đóng').and.not.to.contain('chuyển cho đơn vị khác');
    });
  });
});
