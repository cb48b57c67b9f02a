import { expect } from 'chai';
import { randomInt } from 'node:crypto';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { enqueueRoute } from '../../shared/queue/enqueue.js';
import { hiddenField, monitorFetch, monitorStaff } from '../support/monitor-client.js';
import { secondsPolicy, seedReceivedTicket, startPipeline, type Pipeline } from '../support/pipeline.js';

describe('extension granted after an escalation (spans in seconds)', function () {
  this.timeout(60_000);
  let pipeline: Pipeline;
  before(async () => {
    pipeline = await startPipeline('monitor-extension-timers', { http: true, policy: secondsPolicy() });
  });
  after(async () => pipeline?.stop());

  it('restarts the timers against the new deadline, and escalates again under new Message-IDs', async () => {
    const chief = await monitorStaff('chief', 'Trần Văn Bình', 'chief@extension-timers.test');
    const ticketId = await seedReceivedTicket({ category: 'sports', subject: 'Sân thể thao xuống cấp' });
    const code = `1022-2026-${String(randomInt(100000, 999999))}`;
    await Ticket.updateOne({ _id: ticketId }, { $set: { code } });
    await enqueueRoute(pipeline.service.ctx.queues, ticketId);
    const ofTicket = (m: { headers: Record<string, string> }) => m.headers['x-hotline-ticket'] === code;
    await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.escalate-1-1@'), {
      timeoutMs: 20_000,
    });

    // The unit asks for more time; the Office Chief grants it a few seconds ahead.
    const proposed = new Date(Date.now() + 6000);
    await Ticket.updateOne(
      { _id: ticketId },
      {
        $set: {
          extensionRequest: {
            reason: 'Cần thêm thời gian',
            proposedDeadline: proposed,
            requestedAt: new Date(),
            requestedBy: 'Đơn vị',
            decision: 'pending',
          },
        },
      },
    );
    const page = await monitorFetch(pipeline.service.url!, `/monitor/tickets/${code}`, {
      cookie: chief.cookie,
    });
    const field = (name: string) => hiddenField(page.text, '/extension', name);
    const granted = await monitorFetch(pipeline.service.url!, `/monitor/tickets/${code}/extension`, {
      cookie: chief.cookie,
      form: {
        _csrf: field('_csrf'),
        formId: field('formId'),
        expectedStatus: field('expectedStatus'),
        expectedNo: field('expectedNo'),
        decision: 'grant',
      },
    });
    expect(granted.status).to.equal(303);
    const ticket = await Ticket.findById(ticketId).lean();
    expect(ticket!.escalation!.level).to.equal(0);
    expect(ticket!.next!.dueAt.getTime()).to.be.at.most(proposed.getTime());

    const [again] = await pipeline.mail.waitFor(
      (m) => ofTicket(m) && /\.escalate-1-1-s\d+@/.test(m.messageId),
      { timeoutMs: 20_000 },
    );
    expect(again!.receivedAt.getTime()).to.be.at.least(proposed.getTime() - 1000);
    const ids = pipeline.mail
      .messages()
      .filter(ofTicket)
      .map((m) => m.messageId);
    expect(new Set(ids).size, 'no Message-ID used twice').to.equal(ids.length);
    expect(ids.filter((id) => id.includes('.escalate-1-1@'))).to.have.length(1);
  });
});
