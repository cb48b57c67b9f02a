import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { enqueueRoute } from '../../shared/queue/enqueue.js';
import { seedReceivedTicket, startPipeline, type Pipeline } from '../support/pipeline.js';
import { waitUntil } from '../support/wait.js';

/**
 * The SMTP server took a message, then MongoDB lost (or never got) its `sentAt`: the sweeper finds the
 * e-mail owed again once the lease is free. The unit must not receive it twice (the fault suite saw
 * this when MongoDB was away for longer than the sender's retries).
 */
describe('an e-mail whose sending MongoDB did not record', function () {
  this.timeout(60_000);
  let pipeline: Pipeline;

  before(async () => {
    pipeline = await startPipeline('sent-witness');
  });
  after(async () => {
    await pipeline?.stop();
  });

  async function assignedAndSent(subject: string): Promise<{ ticketId: string; messageId: string }> {
    const ticketId = await seedReceivedTicket({ category: 'library', subject });
    await enqueueRoute(pipeline.service.ctx.queues, ticketId);
    const messageId = `${ticketId}.assign-1@localhost`;
    await pipeline.mail.waitFor((m) => m.messageId === messageId, { timeoutMs: 20_000 });
    await waitUntil(async () => Boolean((await Ticket.findById(ticketId).lean())?.outbox[0]?.sentAt));
    return { ticketId, messageId };
  }

  async function forgetSentAt(ticketId: string): Promise<void> {
    await Ticket.updateOne(
      { _id: ticketId },
      { $unset: { 'outbox.0.sentAt': '', 'outbox.0.sendingUntil': '' } },
    );
  }

  it('is recorded as sent by the next sender, not sent a second time', async () => {
    const { ticketId, messageId } = await assignedAndSent('Thư viện đóng cửa sớm');
    await forgetSentAt(ticketId);

    await waitUntil(async () => Boolean((await Ticket.findById(ticketId).lean())?.outbox[0]?.sentAt), 20_000);
    const ticket = await Ticket.findById(ticketId).lean();
    expect(ticket!.outbox[0]!.attempts, 'a second sender took the e-mail up').to.equal(2);
    await sleep(1500);
    expect(pipeline.mail.byMessageId().get(messageId), 'copies the unit received').to.equal(1);
  });

  it('is sent again when Redis lost the witness as well: delivered at least once, never lost', async () => {
    const { ticketId, messageId } = await assignedAndSent('Thư viện thiếu sách thiếu nhi');
    const redis = pipeline.service.ctx.queues.redis;
    await redis.del(`${pipeline.prefix}:mail-sent:${messageId}`);
    await forgetSentAt(ticketId);

    await waitUntil(() => pipeline.mail.byMessageId().get(messageId) === 2, 20_000);
    await waitUntil(async () => Boolean((await Ticket.findById(ticketId).lean())?.outbox[0]?.sentAt));
  });
});
