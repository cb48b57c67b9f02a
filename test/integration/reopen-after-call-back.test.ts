import { expect } from 'chai';
import { randomInt } from 'node:crypto';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { enqueueRoute } from '../../shared/queue/enqueue.js';
import { sweepOwedWork } from '../../shared/reconcile/sweep-owed-work.js';
import type { RuntimeDeps } from '../../shared/runtime-deps.js';
import { AnswerPageClient } from '../support/answer-client.js';
import { hiddenField, monitorFetch, monitorStaff } from '../support/monitor-client.js';
import { secondsPolicy, seedReceivedTicket, startPipeline, type Pipeline } from '../support/pipeline.js';
import { settableClock } from '../support/settable-clock.js';

const OFFICE_CHIEF = 'chanh.vanphong@example.gov.vn';
type Caught = { headers: Record<string, string>; messageId: string; to: string[]; text: string };

/**
 * An unsatisfied call-back, reopened to another unit, through the answer page, the operator API, the
 * Office Chief's page and the e-mails. The service's clock moves only when the test moves it.
 */
describe('reopening after an unsatisfied call-back (spans in seconds)', function () {
  this.timeout(60_000);
  const time = settableClock();
  let pipeline: Pipeline;
  before(async () => {
    pipeline = await startPipeline('reopen', { http: true, clock: time.clock, policy: secondsPolicy() });
  });
  after(async () => pipeline?.stop());
  const runtime = (): RuntimeDeps => pipeline.service.ctx as unknown as RuntimeDeps;

  it('puts the ticket before the Office Chief, who reopens it to another unit; it escalates on the new deadline only', async () => {
    const url = pipeline.service.url!;
    const operator = await monitorStaff('operator', 'Phạm Thu Trang', 'operator@reopen.test');
    const chief = await monitorStaff('chief', 'Trần Văn Bình', 'chief@reopen.test');
    const ticketId = await seedReceivedTicket({ category: 'sports', receivedAt: time.now() });
    const code = `1022-2026-${String(randomInt(100000, 999999))}`;
    await Ticket.updateOne({ _id: ticketId }, { $set: { code } });
    await enqueueRoute(pipeline.service.ctx.queues, ticketId);
    const ofTicket = (m: Caught) => m.headers['x-hotline-ticket'] === code;
    const [assign1] = await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.assign-1@'));
    const firstUnit = (await Ticket.findById(ticketId).lean())!.assignment!.unitCode;

    // The first unit answers.
    const first = new AnswerPageClient(url, /\/answer\/([A-Za-z0-9_-]{43})/.exec(assign1!.text)![1]!);
    await first.open();
    const firstAnswer = 'Sân đã được sửa chữa xong trong tháng này.';
    const answered = await first.postAnswer({
      text: firstAnswer,
      name: 'Lê Thị Hoa',
      position: 'Trưởng phòng',
    });
    expect(answered.status).to.equal(303);

    // The operator calls back: the citizen is not satisfied.
    const callBack = await fetch(`${url}/api/v1/tickets/${code}/closure`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        calledBackAt: time.now().toISOString(),
        outcome: 'unsatisfied',
        note: 'Sân vẫn còn hỏng lưới.',
      }),
    });
    expect(callBack.status).to.equal(200);
    expect(((await callBack.json()) as { status: string }).status).to.equal('reopen_requested');
    const [toChief] = await pipeline.mail.waitFor(
      (m) => ofTicket(m) && m.messageId.includes('.call-back-unsatisfied-1@'),
    );
    expect(toChief!.to).to.deep.equal([OFFICE_CHIEF]);
    expect(toChief!.text).to.contain('Sân vẫn còn hỏng lưới.');
    expect((await first.open()).status, 'the first link is withdrawn').to.equal(410);

    // The dashboard's queue shows it; the first deadline and the whole chain pass: nothing is owed.
    const dashboard = await monitorFetch(url, '/monitor', { cookie: chief.cookie });
    expect(dashboard.text).to.contain(code);
    expect(dashboard.text).to.contain('Công dân chưa hài lòng');
    time.advance(20_000);
    expect((await sweepOwedWork(runtime())).timers).to.equal(0);

    // The Office Chief reopens it to another unit.
    const otherUnit = pipeline.service.ctx.domain.table.units.find((unit) => unit.code !== firstUnit)!;
    const page = await monitorFetch(url, `/monitor/tickets/${code}`, { cookie: chief.cookie });
    const field = (name: string) => hiddenField(page.text, '/reopen', name);
    const reopened = await monitorFetch(url, `/monitor/tickets/${code}/reopen`, {
      cookie: chief.cookie,
      form: {
        _csrf: field('_csrf'),
        formId: field('formId'),
        expectedStatus: field('expectedStatus'),
        expectedNo: field('expectedNo'),
        unitCode: otherUnit.code,
        reason: 'Đề nghị kiểm tra lại hiện trường.',
      },
    });
    expect(reopened.status).to.equal(303);
    const ticket = (await Ticket.findById(ticketId).lean())!;
    expect(ticket.status).to.equal('assigned');
    expect(ticket.assignment!.no).to.equal(2);
    expect(ticket.assignment!.unitCode).to.equal(otherUnit.code);
    expect((ticket.previousAnswers[0] as { text: string }).text).to.equal(firstAnswer);
    expect(ticket.reopenCount).to.equal(1);

    // The new unit sees the first answer on its page.
    const [assign2] = await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.assign-2@'));
    expect(assign2!.to).to.deep.equal([otherUnit.email]);
    const second = new AnswerPageClient(url, /\/answer\/([A-Za-z0-9_-]{43})/.exec(assign2!.text)![1]!);
    expect((await second.open()).status).to.equal(200);
    expect(second.html).to.contain(firstAnswer);
    expect(second.html).to.contain('Đề nghị kiểm tra lại hiện trường.');

    // Past the new deadline it escalates, on assignment 2 only.
    time.advance(5_000);
    await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.escalate-2-1@'), {
      timeoutMs: 15_000,
    });
    const keys = pipeline.mail
      .messages()
      .filter(ofTicket)
      .map((m) => m.messageId);
    expect(keys.filter((id) => id.includes('.escalate-1-'))).to.have.length(0);
    expect(new Set(keys).size, 'no e-mail twice').to.equal(keys.length);

    // Counted apart in the stats.
    const stats = await fetch(`${url}/api/v1/stats`, { headers: { authorization: `Bearer ${chief.token}` } });
    const body = (await stats.json()) as { flow: { reopened: number } };
    expect(body.flow.reopened).to.equal(1);
  });
});
