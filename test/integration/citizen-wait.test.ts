import { expect } from 'chai';
import { randomInt } from 'node:crypto';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { fireTimer } from '../../shared/deadlines/fire-timer.js';
import { enqueueRoute } from '../../shared/queue/enqueue.js';
import { sweepOwedWork } from '../../shared/reconcile/sweep-owed-work.js';
import { AnswerPageClient } from '../support/answer-client.js';
import { monitorStaff } from '../support/monitor-client.js';
import { secondsPolicy, seedReceivedTicket, startPipeline, type Pipeline } from '../support/pipeline.js';
import { settableClock } from '../support/settable-clock.js';
import type { RuntimeDeps } from '../../shared/runtime-deps.js';

const OPERATORS = 'operators@example.gov.vn';

type Caught = {
  headers: Record<string, string>;
  messageId: string;
  to: string[];
  text: string;
  subject: string;
};

/**
 * Waiting on the citizen, through the unit's answer page, the operator API and the e-mails. The
 * service's clock stands still unless the test moves it, so "30 s of waiting" is exactly 30 s;
 * BullMQ's delays and the sweeper run on it (delays are computed from it, the sweeper's cutoff too).
 */
describe('waiting on the citizen (spans in seconds)', function () {
  this.timeout(60_000);
  const time = settableClock();
  let pipeline: Pipeline;
  let operatorToken: string;
  before(async () => {
    pipeline = await startPipeline('citizen-wait', {
      http: true,
      clock: time.clock,
      policy: secondsPolicy({
        deadlines: { normal: { seconds: 20 }, urgent: { seconds: 10 } },
        reminderBefore: { seconds: 10 },
        citizenWait: { unreachableAfter: { seconds: 600 } },
      }),
    });
    operatorToken = (await monitorStaff('operator', 'Phạm Thu Trang', 'operator@citizen-wait.test')).token;
  });
  after(async () => pipeline?.stop());

  /** The sweep and the timer use case called directly, as the workers would (neither sends e-mail itself). */
  const runtime = (): RuntimeDeps => pipeline.service.ctx as unknown as RuntimeDeps;

  async function assignedTicket(subject: string) {
    const ticketId = await seedReceivedTicket({ category: 'sports', subject, receivedAt: time.now() });
    const code = `1022-2026-${String(randomInt(100000, 999999))}`;
    await Ticket.updateOne({ _id: ticketId }, { $set: { code } });
    await enqueueRoute(pipeline.service.ctx.queues, ticketId);
    const ofTicket = (m: Caught) => m.headers['x-hotline-ticket'] === code;
    const [assign] = await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.assign-1@'), {
      timeoutMs: 15_000,
    });
    const token = /\/answer\/([A-Za-z0-9_-]{43})/.exec(assign!.text)![1]!;
    const page = new AnswerPageClient(pipeline.service.url!, token);
    await page.open();
    return { ticketId, code, ofTicket, page };
  }

  async function askCitizen(page: AnswerPageClient, question: string): Promise<void> {
    const asked = await page.postForm('citizen-info', {
      question,
      name: 'Lê Thị Hoa',
      position: 'Chuyên viên Phòng Quản lý thể dục thể thao',
    });
    expect(asked.status).to.equal(303);
    expect(asked.headers.get('location')).to.match(/\?done=citizen$/);
  }

  function mailsOf(ofTicket: (m: Caught) => boolean, part: string): Caught[] {
    return pipeline.mail.messages().filter((m) => ofTicket(m) && m.messageId.includes(part));
  }

  it('moves the deadline by the 30 s spent waiting, sends no reminder meanwhile, and reminds once after', async () => {
    const { ticketId, code, ofTicket, page } = await assignedTicket('Sân bóng xã thu phí không rõ ràng');
    const question = 'Đề nghị cho biết tên sân bóng và số biên lai đã thu.';
    await askCitizen(page, question);

    // The operators are asked to call the citizen; that e-mail carries no answer link.
    const [toOperators] = await pipeline.mail.waitFor(
      (m) => ofTicket(m) && m.messageId.includes('.citizen-info-requested-1-'),
    );
    expect(toOperators!.to).to.deep.equal([OPERATORS]);
    expect(toOperators!.text).to.contain(question);
    expect(toOperators!.text).not.to.match(/\/answer\//);
    await page.open();
    expect(page.html).to.contain('Đang chờ người phản ánh bổ sung thông tin');
    expect(page.html).not.to.contain('action="/answer/' + page.token + '/citizen-info"');

    const waiting = (await Ticket.findById(ticketId).lean())!;
    expect(waiting.status).to.equal('waiting_citizen');
    expect(waiting.next!.action).to.equal('citizen_unreachable');
    const paused = waiting.citizenRequest!.pausedNext!;
    expect(paused.action).to.equal('remind');

    // The operators' queue shows it.
    const listed = await fetch(`${pipeline.service.url}/api/v1/tickets?status=waiting_citizen`, {
      headers: { authorization: `Bearer ${operatorToken}` },
    });
    expect(((await listed.json()) as { items: Array<{ code: string }> }).items.map((t) => t.code)).to.include(
      code,
    );

    // 30 s pass: the reminder would have been due, but nothing is owed to the unit while it waits.
    time.advance(30_000);
    const swept = await sweepOwedWork(runtime());
    expect(swept.timers, 'no timer owed while paused').to.equal(0);
    expect((await fireTimer(runtime(), ticketId, paused.seq)).outcome).to.equal('stale');
    expect(mailsOf(ofTicket, '.remind-')).to.have.length(0);

    // The operator records what the citizen said; the unit is e-mailed its link and the clock resumes.
    const recorded = await fetch(`${pipeline.service.url}/api/v1/tickets/${code}/citizen-reply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reply: 'Sân bóng Mỹ Hiệp, biên lai số 0123.' }),
    });
    expect(recorded.status).to.equal(200);
    expect(((await recorded.json()) as { status: string }).status).to.equal('assigned');
    const resumed = (await Ticket.findById(ticketId).lean())!;
    expect(resumed.citizenRequest!.pausedMs).to.equal(30_000);
    expect(resumed.assignment!.deadline.getTime() - waiting.assignment!.deadline.getTime()).to.equal(30_000);
    expect(resumed.next!.action).to.equal('remind');
    expect(resumed.next!.dueAt.getTime() - paused.dueAt.getTime()).to.equal(30_000);
    const [toUnit] = await pipeline.mail.waitFor(
      (m) => ofTicket(m) && m.messageId.includes('.citizen-info-received-1-'),
    );
    expect(toUnit!.text).to.contain('Sân bóng Mỹ Hiệp, biên lai số 0123.');
    expect(toUnit!.text).to.contain(`/answer/${page.token}`);

    // A retry of the same reply is harmless; the history says who did what.
    const again = await fetch(`${pipeline.service.url}/api/v1/tickets/${code}/citizen-reply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reply: 'Sân bóng Mỹ Hiệp, biên lai số 0123.' }),
    });
    expect(again.status).to.equal(200);

    // Past the moved reminder time the unit is reminded, once.
    time.advance(11_000);
    await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.remind-1'), {
      timeoutMs: 15_000,
    });
    await sweepOwedWork(runtime());
    expect(mailsOf(ofTicket, '.remind-')).to.have.length(1);
    const types = (await Ticket.findById(ticketId).lean())!.events.map((e) => e.type);
    expect(types).to.include.members(['citizen_info_requested', 'citizen_info_recorded', 'reminder_sent']);
    expect(types.filter((t) => t === 'citizen_info_recorded')).to.have.length(1);
  });

  it('closes the ticket as unreachable when nobody reached the citizen in time, and tells the unit', async () => {
    const { ticketId, ofTicket, page } = await assignedTicket('Đèn chiếu sáng sân vận động hỏng');
    await askCitizen(page, 'Đề nghị cho biết đèn hỏng ở khu vực nào của sân.');
    time.advance(601_000);
    const [closed] = await pipeline.mail.waitFor(
      (m) => ofTicket(m) && m.messageId.includes('.ticket-closed-1@'),
      {
        timeoutMs: 15_000,
      },
    );
    expect(closed!.text).to.contain('Không liên lạc được với người phản ánh');
    const ticket = (await Ticket.findById(ticketId).lean())!;
    expect(ticket.status).to.equal('closed');
    expect(ticket.closure!.outcome).to.equal('unreachable');
    expect(ticket.next).to.equal(null);
    expect((await page.open()).status).to.equal(410);
    expect(mailsOf(ofTicket, '.remind-')).to.have.length(0);
  });
});
