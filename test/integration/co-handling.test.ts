import { expect } from 'chai';
import { randomInt } from 'node:crypto';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { enqueueRoute } from '../../shared/queue/enqueue.js';
import { sweepOwedWork } from '../../shared/reconcile/sweep-owed-work.js';
import type { RuntimeDeps } from '../../shared/runtime-deps.js';
import { AnswerPageClient } from '../support/answer-client.js';
import { hiddenField, monitorFetch, monitorStaff, type MonitorStaff } from '../support/monitor-client.js';
import { secondsPolicy, seedReceivedTicket, startPipeline, type Pipeline } from '../support/pipeline.js';
import { settableClock } from '../support/settable-clock.js';
import { SUPPORT_LINK, SupportPageClient } from '../support/support-client.js';
import { waitUntil } from '../support/wait.js';

type Caught = {
  headers: Record<string, string>;
  messageId: string;
  to: string[];
  text: string;
  subject: string;
};

const OFFICE_CHIEF = 'chanh.vanphong@example.gov.vn';
const PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const WITHDRAWN_VI = 'Đường dẫn phối hợp không còn hiệu lực';

/**
 * Co-handling through the real doors: the Office Chief's page names supporting units, each unit's
 * e-mailed link and page, the lead's answer page, the workers and the sweeper, the SMTP sink. The
 * service's clock stands still unless the test moves it: the lead has 40 s, a supporting unit half
 * of what is left (20 s) and is reminded halfway (10 s).
 */
describe('co-handling: a lead unit and supporting units (spans in seconds)', function () {
  this.timeout(90_000);
  const time = settableClock();
  let pipeline: Pipeline;
  let chief: MonitorStaff;
  before(async () => {
    pipeline = await startPipeline('co-handling', {
      http: true,
      clock: time.clock,
      policy: secondsPolicy({
        deadlines: { normal: { seconds: 40 }, urgent: { seconds: 20 } },
        reminderBefore: { seconds: 10 },
        coHandling: { inputShare: 0.5 },
      }),
    });
    chief = await monitorStaff('chief', 'Trần Văn Bình', 'chief@co-handling.test');
  });
  after(async () => pipeline?.stop());
  const runtime = (): RuntimeDeps => pipeline.service.ctx as unknown as RuntimeDeps;
  const url = (): string => pipeline.service.url!;

  async function routedTicket(subject: string) {
    const ticketId = await seedReceivedTicket({ category: 'sports', subject, receivedAt: time.now() });
    const code = `1022-2026-${String(randomInt(100000, 999999))}`;
    await Ticket.updateOne({ _id: ticketId }, { $set: { code } });
    await enqueueRoute(pipeline.service.ctx.queues, ticketId);
    const ofTicket = (m: Caught) => m.headers['x-hotline-ticket'] === code;
    const [assign] = await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.assign-1@'), {
      timeoutMs: 15_000,
    });
    const lead = new AnswerPageClient(url(), /\/answer\/([A-Za-z0-9_-]{43})/.exec(assign!.text)![1]!);
    const leadCode = (await Ticket.findById(ticketId).lean())!.assignment!.unitCode;
    const others = pipeline.service.ctx.domain.table.units.filter(
      (unit) => unit.code !== leadCode && unit.email !== pipeline.service.ctx.domain.unit(leadCode)!.email,
    );
    return { ticketId, code, ofTicket, lead, others };
  }

  /** The Office Chief ticks the units on the ticket page and sends the form, as a browser without JavaScript. */
  async function nameSupportingUnits(code: string, unitCodes: string[], note?: string): Promise<Response> {
    const page = await monitorFetch(url(), `/monitor/tickets/${code}`, { cookie: chief.cookie });
    expect(page.text).to.contain('Mời đơn vị phối hợp');
    const field = (name: string) => hiddenField(page.text, '/support', name);
    const body = new URLSearchParams({
      _csrf: field('_csrf'),
      formId: field('formId'),
      expectedStatus: field('expectedStatus'),
      expectedNo: field('expectedNo'),
      ...(note ? { note } : {}),
    });
    for (const unitCode of unitCodes) body.append('unitCodes', unitCode);
    return fetch(`${url()}/monitor/tickets/${code}/support`, {
      method: 'POST',
      headers: {
        cookie: chief.cookie,
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body,
      redirect: 'manual',
    });
  }

  async function supportLinks(ofTicket: (m: Caught) => boolean, count: number) {
    const invitations = await pipeline.mail.waitFor(
      (m) => ofTicket(m) && m.messageId.includes('.support-assign-'),
      {
        count,
        timeoutMs: 15_000,
      },
    );
    return invitations
      .sort((a, b) => a.messageId.localeCompare(b.messageId))
      .map((mail) => ({ mail, page: new SupportPageClient(url(), SUPPORT_LINK.exec(mail.text)![1]!) }));
  }

  async function routedOthers(code: string) {
    const ticket = (await Ticket.findOne({ code }).lean())!;
    return pipeline.service.ctx.domain.table.units.filter(
      (unit) => unit.code !== ticket.assignment!.unitCode,
    );
  }

  const mailsOf = (ofTicket: (m: Caught) => boolean, part: string): Caught[] =>
    pipeline.mail.messages().filter((m) => ofTicket(m) && m.messageId.includes(part));

  it('collects two supporting inputs, reminds each unit once, and closes on the lead answer', async () => {
    const { ticketId, code, ofTicket, lead, others } = await routedTicket('Sân bóng xã xuống cấp');
    const [first, second] = others;
    const named = await nameSupportingUnits(
      code,
      [first!.code, second!.code],
      'Đề nghị cho ý kiến về kinh phí sửa chữa.',
    );
    expect(named.status).to.equal(303);

    const links = await supportLinks(ofTicket, 2);
    expect(links.map((link) => link.mail.to)).to.deep.equal([[first!.email], [second!.email]]);
    expect(links[0]!.mail.text).to.contain('Đề nghị cho ý kiến về kinh phí sửa chữa.');
    expect(links[0]!.mail.text, 'no lead answer link in an invitation').not.to.match(
      /\/answer\/[A-Za-z0-9_-]{43}\b(?!\/)/,
    );
    const asked = (await Ticket.findById(ticketId).lean())!;
    const leadDeadline = asked.assignment!.deadline.getTime();
    for (const support of asked.supports) {
      expect(support.deadline.getTime(), 'earlier than the lead').to.be.lessThan(leadDeadline);
      expect(support.next!.action).to.equal('remind');
    }

    for (const { page } of links) {
      expect((await page.open()).status).to.equal(200);
      expect(page.html).to.contain('Gửi ý kiến phối hợp');
      expect(page.html).to.contain('Sân bóng xã xuống cấp');
    }

    // Halfway to their deadline each supporting unit is reminded, through the sweeper and the deadline worker.
    time.advance(11_000);
    await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.support-remind-'), {
      count: 2,
      timeoutMs: 15_000,
    });
    expect(mailsOf(ofTicket, '.support-remind-1@')[0]!.to).to.deep.equal([first!.email]);
    expect(mailsOf(ofTicket, '.support-remind-2@')[0]!.to).to.deep.equal([second!.email]);
    expect(mailsOf(ofTicket, '.remind-1@'), 'the lead is not reminded yet').to.have.length(0);

    // Both send their input; the first with a file.
    const sent1 = await links[0]!.page.postInput(
      {
        text: 'Phòng Tài chính: kinh phí sửa chữa đã bố trí trong năm 2026.',
        name: 'Võ Minh Tâm',
        position: 'Chuyên viên',
      },
      [{ name: 'Dự toán.pdf', bytes: PDF }],
    );
    expect(sent1.status).to.equal(303);
    const sent2 = await links[1]!.page.postInput({
      text: 'Phòng Quản lý đô thị: sân thuộc danh mục cải tạo quý I.',
      name: 'Đặng Thu Hà',
      position: 'Phó trưởng phòng',
    });
    expect(sent2.status).to.equal(303);
    await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.support-input-'), { count: 2 });
    await links[0]!.page.open();
    expect(links[0]!.page.html).to.contain('Ý kiến phối hợp đã ghi nhận');

    // The lead sees both inputs on its page and can download the file.
    expect((await lead.open()).status).to.equal(200);
    expect(lead.html).to.contain('Ý kiến của đơn vị phối hợp');
    expect(lead.html).to.contain('kinh phí sửa chữa đã bố trí trong năm 2026');
    expect(lead.html).to.contain('sân thuộc danh mục cải tạo quý I');
    const fileHref = /href="(\/answer\/[^"]+\/attachments\/[^"]+)"/.exec(lead.html)![1]!;
    const download = await fetch(`${url()}${fileHref}`);
    expect(download.status).to.equal(200);
    expect(
      Buffer.from(await download.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).to.equal('%PDF-');

    // The lead's answer closes the assignment: every supporting link is withdrawn.
    const answered = await lead.postAnswer({
      text: 'Sân sẽ được cải tạo trong quý I.',
      name: 'Lê Thị Hoa',
      position: 'Trưởng phòng',
    });
    expect(answered.status).to.equal(303);
    for (const { page } of links) {
      const withdrawn = await page.open();
      expect(withdrawn.status).to.equal(410);
      expect(page.html).to.contain(WITHDRAWN_VI);
    }

    // Past every deadline nothing more is owed to the supporting units: one reminder each, no escalation.
    time.advance(40_000);
    await sweepOwedWork(runtime());
    await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.answered-1@'));
    expect(mailsOf(ofTicket, '.support-remind-1@')).to.have.length(1);
    expect(mailsOf(ofTicket, '.support-remind-2@')).to.have.length(1);
    expect(mailsOf(ofTicket, '.support-escalate-')).to.have.length(0);
    expect(mailsOf(ofTicket, '.support-overdue-')).to.have.length(0);
    const ids = pipeline.mail
      .messages()
      .filter(ofTicket)
      .map((m) => m.messageId);
    expect(new Set(ids).size, 'no e-mail twice').to.equal(ids.length);

    // The Office Chief's page tells the story in Vietnamese.
    const page = await monitorFetch(url(), `/monitor/tickets/${code}`, { cookie: chief.cookie });
    expect(page.text).to.contain('Đơn vị phối hợp');
    expect(page.text).to.contain('Mời đơn vị phối hợp cho ý kiến');
    expect(page.text).to.contain('Đơn vị phối hợp gửi ý kiến');
    expect(page.text).to.contain('Nhắc hạn đơn vị phối hợp');
    expect(page.text).to.contain('Trần Văn Bình');
    expect(page.text).not.to.contain('id="support"');
    expect(page.text, 'several units make it a level-3 ticket').to.contain('Mức 3 – phức tạp');
  });

  it('escalates a supporting unit that sent nothing at its own deadline, once', async () => {
    const { code, ofTicket } = await routedTicket('Đèn chiếu sáng sân vận động hỏng');
    expect((await nameSupportingUnits(code, [(await routedOthers(code))[0]!.code])).status).to.equal(303);
    await supportLinks(ofTicket, 1);
    // Past its own deadline (20 s), long before the lead's (40 s): the officials are told, the unit too.
    time.advance(21_000);
    const [escalation] = await pipeline.mail.waitFor(
      (m) => ofTicket(m) && m.messageId.includes('.support-escalate-1@'),
      {
        timeoutMs: 15_000,
      },
    );
    expect(escalation!.to).to.deep.equal([OFFICE_CHIEF]);
    expect(escalation!.text).to.contain('chưa gửi ý kiến');
    await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.support-overdue-1@'), {
      timeoutMs: 15_000,
    });
    time.advance(5_000);
    await sweepOwedWork(runtime());
    const keys = mailsOf(ofTicket, '.support-').map((m) => /\.(support-[a-z]+-\d+)@/.exec(m.messageId)![1]);
    expect(keys.sort()).to.deep.equal([
      'support-assign-1',
      'support-escalate-1',
      'support-overdue-1',
      'support-remind-1',
    ]);
    expect(mailsOf(ofTicket, '.escalate-1-1@'), 'the lead is not late').to.have.length(0);
  });

  it('withdraws every link and supporting timer when the Office Chief reassigns the ticket', async () => {
    const { ticketId, code, ofTicket, lead, others } = await routedTicket('Thu phí gửi xe tại sân vận động');
    const [first, second, third] = others;
    expect((await nameSupportingUnits(code, [first!.code, second!.code])).status).to.equal(303);
    const links = await supportLinks(ofTicket, 2);
    time.advance(11_000);
    await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.support-remind-'), {
      count: 2,
      timeoutMs: 15_000,
    });

    // The old lead link and both supporting links show the withdrawn page after the reassignment.
    const page = await monitorFetch(url(), `/monitor/tickets/${code}`, { cookie: chief.cookie });
    const field = (name: string) => hiddenField(page.text, '/reassign', name);
    const reassigned = await monitorFetch(url(), `/monitor/tickets/${code}/reassign`, {
      cookie: chief.cookie,
      form: {
        _csrf: field('_csrf'),
        formId: field('formId'),
        expectedStatus: field('expectedStatus'),
        expectedNo: field('expectedNo'),
        unitCode: third!.code,
      },
    });
    expect(reassigned.status).to.equal(303);
    expect((await lead.open()).status).to.equal(410);
    for (const { page: support } of links) {
      expect((await support.open()).status).to.equal(410);
      expect(support.html).to.contain(WITHDRAWN_VI);
    }
    const posted = await links[0]!.page.postInput({ text: 'Muộn', name: 'A', position: 'B' });
    expect(posted.status, 'a withdrawn link takes nothing').to.equal(410);

    // The new lead's page lists no supporting unit of the former assignment.
    const [assign2] = await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.assign-2@'));
    const newLead = new AnswerPageClient(url(), /\/answer\/([A-Za-z0-9_-]{43})/.exec(assign2!.text)![1]!);
    await newLead.open();
    expect(newLead.html).not.to.contain('Ý kiến của đơn vị phối hợp');

    // Their escalations were due at 20 s: the timers fire, find the links withdrawn and are dropped.
    time.advance(12_000);
    await waitUntil(
      async () => {
        const current = (await Ticket.findById(ticketId).lean())!;
        return current.supports.every((support) => !support.next);
      },
      15_000,
      'supporting timers dropped',
    );
    await sweepOwedWork(runtime());
    const keys = mailsOf(ofTicket, '.support-').map((m) => /\.(support-[a-z]+-\d+)@/.exec(m.messageId)![1]);
    expect(keys.sort()).to.deep.equal([
      'support-assign-1',
      'support-assign-2',
      'support-remind-1',
      'support-remind-2',
    ]);
    const monitor = await monitorFetch(url(), `/monitor/tickets/${code}`, { cookie: chief.cookie });
    expect(monitor.text).to.contain('Đường dẫn đã thu hồi, không gửi ý kiến');
  });

  it('refuses bad forms with a clear Vietnamese message and changes nothing', async () => {
    const { ticketId, code, ofTicket, others } = await routedTicket('Biển quảng cáo che khuất tầm nhìn');
    const leadCode = (await Ticket.findById(ticketId).lean())!.assignment!.unitCode;
    const refusals: Array<[string[], string]> = [
      [[], 'Vui lòng chọn ít nhất một đơn vị phối hợp.'],
      [[leadCode], 'Đơn vị chủ trì không thể đồng thời là đơn vị phối hợp.'],
      [['ZZ_NONE'], 'Không có đơn vị với mã này.'],
      [['bad code!'], 'Vui lòng chọn đơn vị phối hợp.'],
    ];
    for (const [unitCodes, message] of refusals) {
      const refused = await nameSupportingUnits(code, unitCodes);
      expect(refused.status, unitCodes.join(',')).to.equal(400);
      expect(await refused.text()).to.contain(message);
    }
    expect((await Ticket.findById(ticketId).lean())!.supports).to.have.length(0);

    expect((await nameSupportingUnits(code, [others[0]!.code])).status).to.equal(303);
    const again = await nameSupportingUnits(code, [others[0]!.code]);
    expect(again.status).to.equal(400);
    expect(await again.text()).to.contain('đã được mời phối hợp');

    const page = (await supportLinks(ofTicket, 1))[0]!.page;
    await page.open();
    const empty = await page.postInput({ text: '   ', name: 'Võ Minh Tâm', position: 'Chuyên viên' });
    expect(empty.status).to.equal(400);
    expect(await empty.text()).to.contain('Vui lòng nhập ý kiến phối hợp của đơn vị.');
    const notPdf = await page.postInput({ text: 'Ý kiến.', name: 'Võ Minh Tâm', position: 'Chuyên viên' }, [
      { name: 'ý kiến.pdf', bytes: new TextEncoder().encode('not a pdf at all') },
    ]);
    expect(notPdf.status).to.equal(400);
    expect(await notPdf.text()).to.contain('PDF, JPEG hoặc PNG');
    const stored = (await Ticket.findById(ticketId).lean())!;
    expect(stored.supports.map((support) => support.submittedAt ?? null)).to.deep.equal([null]);
    expect(stored.supports).to.have.length(1);

    for (const token of ['A'.repeat(43), 'too-short']) {
      const unknown = await fetch(`${url()}/answer/support/${token}`, { headers: { accept: 'text/html' } });
      expect(unknown.status).to.equal(404);
    }
  });

  it('withdraws the supporting links when the Office Chief closes the ticket', async () => {
    const { code, ofTicket, lead, others } = await routedTicket('Tiếng ồn từ quán karaoke');
    expect((await nameSupportingUnits(code, [others[0]!.code])).status).to.equal(303);
    const support = (await supportLinks(ofTicket, 1))[0]!.page;
    expect((await support.open()).status).to.equal(200);
    const page = await monitorFetch(url(), `/monitor/tickets/${code}`, { cookie: chief.cookie });
    const field = (name: string) => hiddenField(page.text, '/close', name);
    const closed = await monitorFetch(url(), `/monitor/tickets/${code}/close`, {
      cookie: chief.cookie,
      form: {
        _csrf: field('_csrf'),
        formId: field('formId'),
        expectedStatus: field('expectedStatus'),
        expectedNo: field('expectedNo'),
        reason: 'Trùng với phiếu đã xử lý.',
      },
    });
    expect(closed.status).to.equal(303);
    expect((await lead.open()).status).to.equal(410);
    expect((await support.open()).status).to.equal(410);
    expect(support.html).to.contain(WITHDRAWN_VI);
  });

  it('keeps one input of two sent at once', async () => {
    const { ticketId, code, ofTicket, others } = await routedTicket('Thu phí gửi xe tại nhà thi đấu');
    expect((await nameSupportingUnits(code, [others[0]!.code])).status).to.equal(303);
    const tab1 = (await supportLinks(ofTicket, 1))[0]!.page;
    const tab2 = new SupportPageClient(url(), tab1.token);
    await tab1.open();
    await tab2.open();
    const [a, b] = await Promise.all([
      tab1.postInput({ text: 'Ý kiến thứ nhất.', name: 'Người A', position: 'Chuyên viên' }),
      tab2.postInput({ text: 'Ý kiến thứ hai.', name: 'Người B', position: 'Chuyên viên' }),
    ]);
    expect([a.status, b.status].sort()).to.deep.equal([303, 409]);
    const loser = a.status === 409 ? a : b;
    expect(await loser.text()).to.contain('Đơn vị đã gửi ý kiến phối hợp cho phiếu này.');
    const ticket = (await Ticket.findById(ticketId).lean())!;
    expect(ticket.events.filter((event) => event.type === 'support_input_submitted')).to.have.length(1);
    await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.support-input-'));
    await sweepOwedWork(runtime());
    expect(mailsOf(ofTicket, '.support-input-')).to.have.length(1);
  });
});
