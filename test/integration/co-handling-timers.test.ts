import { expect } from 'chai';
import { randomInt } from 'node:crypto';
import { fireSupportTimer } from '../../shared/co-handling/fire-support-timer.js';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { enqueueRoute } from '../../shared/queue/enqueue.js';
import { sweepOwedWork } from '../../shared/reconcile/sweep-owed-work.js';
import type { RuntimeDeps } from '../../shared/runtime-deps.js';
import { addDays } from '../../shared/time/local-date.js';
import { localDateOf } from '../../shared/time/vietnam-time-zone.js';
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

/**
 * Supporting units' timers beside the lead's pauses and extensions, through the real doors: the
 * lead's answer page, the Office Chief's page, the operator API, the workers, the sweeper and the
 * SMTP sink. The service's clock stands still unless the test moves it: the lead has 40 s, a
 * supporting unit half of what is left (20 s) and is reminded halfway (10 s).
 */
describe('co-handling: supporting timers while waiting on the citizen and after an extension (spans in seconds)', function () {
  this.timeout(90_000);
  const time = settableClock();
  let pipeline: Pipeline;
  let chief: MonitorStaff;
  let operatorToken: string;
  before(async () => {
    pipeline = await startPipeline('co-handling-timers', {
      http: true,
      clock: time.clock,
      policy: secondsPolicy({
        deadlines: { normal: { seconds: 40 }, urgent: { seconds: 20 } },
        reminderBefore: { seconds: 10 },
        coHandling: { inputShare: 0.5 },
        citizenWait: { unreachableAfter: { seconds: 600 } },
      }),
    });
    chief = await monitorStaff('chief', 'Trần Văn Bình', 'chief@co-handling-timers.test');
    operatorToken = (await monitorStaff('operator', 'Phạm Thu Trang', 'operator@co-handling-timers.test'))
      .token;
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

  /** A form of the Office Chief's ticket page, sent as a browser without JavaScript. */
  async function chiefPost(code: string, action: string, fields: Array<[string, string]>) {
    const page = await monitorFetch(url(), `/monitor/tickets/${code}`, { cookie: chief.cookie });
    const field = (name: string) => hiddenField(page.text, `/${action}`, name);
    const body = new URLSearchParams({
      _csrf: field('_csrf'),
      formId: field('formId'),
      expectedStatus: field('expectedStatus'),
      expectedNo: field('expectedNo'),
    });
    for (const [name, value] of fields) body.append(name, value);
    return fetch(`${url()}/monitor/tickets/${code}/${action}`, {
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
      { count, timeoutMs: 15_000 },
    );
    return invitations
      .sort((a, b) => a.messageId.localeCompare(b.messageId))
      .map((mail) => new SupportPageClient(url(), SUPPORT_LINK.exec(mail.text)![1]!));
  }

  const mailsOf = (ofTicket: (m: Caught) => boolean, part: string): Caught[] =>
    pipeline.mail.messages().filter((m) => ofTicket(m) && m.messageId.includes(part));

  it('sends no supporting reminder while the ticket waits 30 s on the citizen, moves each supporting deadline by 30 s, and reminds each once at its new time', async () => {
    const { ticketId, code, ofTicket, lead, others } = await routedTicket(
      'Sân bóng xã thu phí không rõ ràng',
    );
    const [first, second] = others;
    const named = await chiefPost(code, 'support', [
      ['unitCodes', first!.code],
      ['unitCodes', second!.code],
    ]);
    expect(named.status).to.equal(303);
    const links = await supportLinks(ofTicket, 2);
    const before = (await Ticket.findById(ticketId).lean())!;
    expect(before.supports.map((support) => support.next!.action)).to.deep.equal(['remind', 'remind']);

    // The lead asks the citizen for more information: every supporting timer is set aside with its own.
    await lead.open();
    const asked = await lead.postForm('citizen-info', {
      question: 'Đề nghị cho biết tên sân bóng và số biên lai đã thu.',
      name: 'Lê Thị Hoa',
      position: 'Chuyên viên',
    });
    expect(asked.status).to.equal(303);
    const waiting = (await Ticket.findById(ticketId).lean())!;
    expect(waiting.status).to.equal('waiting_citizen');
    for (const [index, support] of waiting.supports.entries()) {
      expect(support.next, `support ${support.no}: no live timer`).to.equal(null);
      expect(support.pausedNext!.seq).to.equal(before.supports[index]!.next!.seq);
    }
    // The supporting links still take input meanwhile (their pages say so).
    expect((await links[0]!.open()).status).to.equal(200);

    // 30 s pass: both reminders (due at 10 s) and escalations (at 20 s) would have been due.
    time.advance(30_000);
    // (The first test of the file: the only tickets are this one's, so the sweep's count is its own.)
    const swept = await sweepOwedWork(runtime());
    expect(swept.timers, 'no supporting timer owed while paused').to.equal(0);
    for (const support of before.supports)
      expect((await fireSupportTimer(runtime(), ticketId, support.no, support.next!.seq)).outcome).to.equal(
        'stale',
      );
    expect(mailsOf(ofTicket, '.support-remind-')).to.have.length(0);
    expect(mailsOf(ofTicket, '.support-escalate-')).to.have.length(0);
    // The Office Chief's page shows them paused, not late, though their first deadlines have passed.
    const pausedPage = await monitorFetch(url(), `/monitor/tickets/${code}`, { cookie: chief.cookie });
    expect(pausedPage.text).to.contain('tạm dừng tính hạn: chờ người phản ánh bổ sung thông tin');
    expect(pausedPage.text).not.to.contain('Quá hạn, chưa gửi ý kiến');

    // The operator records the citizen's reply: the lead and each supporting unit resume, 30 s later.
    const recorded = await fetch(`${url()}/api/v1/tickets/${code}/citizen-reply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reply: 'Sân bóng Mỹ Hiệp, biên lai số 0123.' }),
    });
    expect(recorded.status).to.equal(200);
    const resumed = (await Ticket.findById(ticketId).lean())!;
    expect(resumed.assignment!.deadline.getTime() - before.assignment!.deadline.getTime()).to.equal(30_000);
    for (const [index, support] of resumed.supports.entries()) {
      const was = before.supports[index]!;
      expect(support.deadline.getTime() - was.deadline.getTime(), `support ${support.no}`).to.equal(30_000);
      expect(support.tokenExpiresAt.getTime() - was.tokenExpiresAt.getTime()).to.equal(30_000);
      expect(support.next!.action).to.equal('remind');
      expect(support.next!.dueAt.getTime() - was.next!.dueAt.getTime()).to.equal(30_000);
      expect(support.next!.seq, 'a fresh seq').to.be.greaterThan(was.next!.seq);
      expect(support.pausedNext ?? null).to.equal(null);
      // A job of the old plan finds itself stale.
      expect((await fireSupportTimer(runtime(), ticketId, support.no, was.next!.seq)).outcome).to.equal(
        'stale',
      );
    }
    const recordedEvent = resumed.events.find((event) => event.type === 'citizen_info_recorded')!;
    expect((recordedEvent.data as { supports: unknown[] }).supports).to.have.length(2);
    const resumedPage = await monitorFetch(url(), `/monitor/tickets/${code}`, { cookie: chief.cookie });
    expect(resumedPage.text).to.contain(`${first!.name}: hạn ý kiến mới`);
    expect(resumedPage.text).to.contain('Đang chờ ý kiến');

    // Just before the moved reminder time nothing is owed; just after, each unit is reminded, once.
    time.advance(9_000);
    expect((await sweepOwedWork(runtime())).timers, 'nothing due yet').to.equal(0);
    time.advance(2_000);
    await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.support-remind-'), {
      count: 2,
      timeoutMs: 15_000,
    });
    await sweepOwedWork(runtime());
    expect(mailsOf(ofTicket, '.support-remind-1@')[0]!.to).to.deep.equal([first!.email]);
    expect(mailsOf(ofTicket, '.support-remind-2@')[0]!.to).to.deep.equal([second!.email]);
    expect(mailsOf(ofTicket, '.support-remind-')).to.have.length(2);
    expect(mailsOf(ofTicket, '.support-escalate-'), 'not late: the deadline moved').to.have.length(0);
    expect(mailsOf(ofTicket, '.remind-1@'), 'the lead is not reminded yet').to.have.length(0);
  });

  it('pauses a supporting unit named while the ticket waits, from when it was asked, and leaves alone one that sent its input', async () => {
    const { ticketId, code, ofTicket, lead, others } = await routedTicket('Đèn chiếu sáng sân vận động hỏng');
    const [early, late] = others;
    expect((await chiefPost(code, 'support', [['unitCodes', early!.code]])).status).to.equal(303);
    const [earlyPage] = await supportLinks(ofTicket, 1);
    await lead.open();
    const asked = await lead.postForm('citizen-info', {
      question: 'Đề nghị cho biết đèn hỏng ở khu vực nào.',
      name: 'Lê Thị Hoa',
      position: 'Chuyên viên',
    });
    expect(asked.status).to.equal(303);

    // 10 s into the wait the first unit sends its input; the Office Chief names a second one.
    time.advance(10_000);
    await earlyPage!.open();
    expect(
      (
        await earlyPage!.postInput({
          text: 'Đèn khu B hỏng từ tháng trước.',
          name: 'Võ Minh Tâm',
          position: 'Chuyên viên',
        })
      ).status,
    ).to.equal(303);
    expect((await chiefPost(code, 'support', [['unitCodes', late!.code]])).status).to.equal(303);
    const named = (await Ticket.findById(ticketId).lean())!;
    const [sent, asked2] = named.supports;
    expect(asked2!.next, 'named during the wait: its timer starts set aside').to.equal(null);
    expect(asked2!.pausedNext!.action).to.equal('remind');

    // 20 s more, then the reply: the second unit waited 20 s, the first owes nothing any more.
    time.advance(20_000);
    await sweepOwedWork(runtime());
    const paused = (await Ticket.findById(ticketId).lean())!;
    expect(paused.supports.map((support) => support.next ?? null)).to.deep.equal([null, null]);
    expect(mailsOf(ofTicket, '.support-remind-')).to.have.length(0);
    const recorded = await fetch(`${url()}/api/v1/tickets/${code}/citizen-reply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reply: 'Khu B, cạnh khán đài.' }),
    });
    expect(recorded.status).to.equal(200);
    const resumed = (await Ticket.findById(ticketId).lean())!;
    expect(resumed.supports[0]!.deadline.getTime(), 'input sent: not moved').to.equal(
      sent!.deadline.getTime(),
    );
    expect(resumed.supports[0]!.next ?? null).to.equal(null);
    expect(resumed.supports[1]!.deadline.getTime() - asked2!.deadline.getTime()).to.equal(20_000);
    expect(resumed.supports[1]!.next!.dueAt.getTime() - asked2!.pausedNext!.dueAt.getTime()).to.equal(20_000);

    time.advance(11_000);
    await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.support-remind-2@'), {
      timeoutMs: 15_000,
    });
    await sweepOwedWork(runtime());
    expect(mailsOf(ofTicket, '.support-remind-')).to.have.length(1);
  });

  it('sets aside a supporting timer still live when it fires during the wait, so it is neither sent nor swept', async () => {
    const { ticketId, code, ofTicket, lead, others } = await routedTicket('Bãi giữ xe trước nhà văn hoá');
    expect((await chiefPost(code, 'support', [['unitCodes', others[0]!.code]])).status).to.equal(303);
    await supportLinks(ofTicket, 1);
    const planned = (await Ticket.findById(ticketId).lean())!.supports[0]!.next!;
    await lead.open();
    const asked = await lead.postForm('citizen-info', {
      question: 'Đề nghị cho biết giờ thu phí.',
      name: 'Lê Thị Hoa',
      position: 'Chuyên viên',
    });
    expect(asked.status).to.equal(303);
    // A ticket that started waiting before supporting timers paused: its timer is still live.
    await Ticket.updateOne(
      { _id: ticketId },
      { $set: { 'supports.0.next': planned, 'supports.0.pausedNext': null } },
    );
    time.advance(11_000);
    // Fired here or by the workers after a sweep, whichever comes first: set aside once either way.
    const fired = await fireSupportTimer(runtime(), ticketId, 1, planned.seq);
    expect(fired.outcome).to.be.oneOf(['paused', 'stale']);
    await waitUntil(
      async () => !(await Ticket.findById(ticketId).lean())!.supports[0]!.next,
      15_000,
      'supporting timer set aside',
    );
    const stored = (await Ticket.findById(ticketId).lean())!;
    expect(stored.supports[0]!.next ?? null).to.equal(null);
    expect(stored.supports[0]!.pausedNext!.seq).to.equal(planned.seq);
    await sweepOwedWork(runtime());
    expect(mailsOf(ofTicket, '.support-remind-')).to.have.length(0);
    expect(stored.events.filter((event) => event.type === 'support_reminded')).to.have.length(0);
  });

  it('keeps the supporting deadlines when the Office Chief grants the lead an extension, and escalates a silent unit on its own date', async () => {
    const { ticketId, code, ofTicket, lead, others } = await routedTicket('Thu phí gửi xe tại sân vận động');
    expect((await chiefPost(code, 'support', [['unitCodes', others[0]!.code]])).status).to.equal(303);
    await supportLinks(ofTicket, 1);
    const before = (await Ticket.findById(ticketId).lean())!;

    // The lead asks for a week more; the Office Chief grants it.
    const calendar = pipeline.service.ctx.domain.calendars.forUnit(before.assignment!.unitCode);
    let date = addDays(localDateOf(time.now()), 7);
    while (!calendar.isWorkingDay(date)) date = addDays(date, 1);
    await lead.open();
    const requested = await lead.postForm('extension', {
      reason: 'Cần xác minh tại cơ sở.',
      proposedDate: date,
      name: 'Lê Thị Hoa',
      position: 'Trưởng phòng',
    });
    expect(requested.status).to.equal(303);
    expect((await chiefPost(code, 'extension', [['decision', 'grant']])).status).to.equal(303);
    const granted = (await Ticket.findById(ticketId).lean())!;
    expect(granted.extensionRequest!.decision).to.equal('granted');
    expect(granted.assignment!.deadline.getTime()).to.be.greaterThan(before.assignment!.deadline.getTime());
    // The supporting unit was asked for its input by a date: the lead's extension leaves it as it was.
    const [support] = granted.supports;
    expect(support!.deadline.getTime()).to.equal(before.supports[0]!.deadline.getTime());
    expect(support!.next).to.deep.equal(before.supports[0]!.next);

    // Reminded halfway to its own deadline, escalated at it (20 s), while the lead has a week left.
    time.advance(11_000);
    await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.support-remind-1@'), {
      timeoutMs: 15_000,
    });
    time.advance(10_000);
    await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.support-escalate-1@'), {
      timeoutMs: 15_000,
    });
    await sweepOwedWork(runtime());
    expect(mailsOf(ofTicket, '.support-remind-')).to.have.length(1);
    expect(mailsOf(ofTicket, '.support-escalate-')).to.have.length(1);
    expect(mailsOf(ofTicket, '.remind-1@'), 'the lead has its week').to.have.length(0);
    expect(mailsOf(ofTicket, '.escalate-1-'), 'the lead is not late').to.have.length(0);
  });
});
