import { expect } from 'chai';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { enqueueRoute } from '../../shared/queue/enqueue.js';
import { loadSlaPolicy } from '../../config/sla-policy.js';
import { routeReceivedTicket } from '../../shared/routing/route-received-ticket.js';
import { seedReceivedTicket, startPipeline, type Pipeline } from '../support/pipeline.js';
import { waitUntil } from '../support/wait.js';

describe('routing pipeline (route worker → notify worker → SMTP)', function () {
  this.timeout(60_000);
  let pipeline: Pipeline;

  before(async () => {
    pipeline = await startPipeline('routing', { policy: loadSlaPolicy() });
  });
  after(async () => {
    await pipeline?.stop();
  });

  it('assigns a karaoke-licensing ticket to the Culture division with a 5-working-day deadline and e-mails one working link', async () => {
    // Fri 13 Feb 2026 10:00 (+07): Tết runs Sat 14 – Sun 22 Feb, so the 5 working days are 23–27 Feb.
    const receivedAt = new Date('2026-02-13T10:00:00+07:00');
    const ticketId = await seedReceivedTicket({ receivedAt });
    await enqueueRoute(pipeline.service.ctx.queues, ticketId);

    const [mail] = await pipeline.mail.waitFor((m) => m.to.includes('quanly.vanhoa@example.gov.vn'), { timeoutMs: 20_000 });
    const ticket = await Ticket.findById(ticketId).lean();
    expect(ticket?.status).to.equal('assigned');
    expect(ticket?.assignment?.unitCode).to.equal('QLVH');
    expect(ticket?.assignment?.deadline.toISOString()).to.equal(new Date('2026-02-27T17:00:00+07:00').toISOString());
    expect(mail!.subject).to.contain(ticket!.code).and.to.contain('17:00 thứ Sáu, 27/02/2026');
    // The citizen's <script> reaches the unit as text, never as markup.
    expect(mail!.html).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail!.html).not.to.contain('<script>');

    const link = /http:\/\/localhost:3000\/answer\/([A-Za-z0-9_-]{40,})/.exec(mail!.text);
    expect(link, 'answer link in the plain-text body').to.not.equal(null);
    const { hashToken } = await import('../../shared/security/tokens.js');
    expect(hashToken(link![1]!)).to.equal(ticket!.assignment!.tokenHash);

    await waitUntil(async () => (await Ticket.findById(ticketId).lean())?.outbox[0]?.sentAt !== undefined);
    expect(pipeline.mail.byMessageId().get(`${ticketId}.assign-1@localhost`)).to.equal(1);
  });

  it('routes a conduct complaint to the unit the data designates (by default the Office), no one else told', async () => {
    const ticketId = await seedReceivedTicket({ category: 'conduct', subject: 'Cán bộ một cửa có thái độ không đúng mực' });
    await enqueueRoute(pipeline.service.ctx.queues, ticketId);
    const [mail] = await pipeline.mail.waitFor((m) => m.headers['x-hotline-ticket'] !== undefined && m.to.includes('vanphong@example.gov.vn'));
    expect(mail!.cc).to.deep.equal([]);
    const ticket = await Ticket.findById(ticketId).lean();
    expect(ticket?.assignment?.unitCode).to.equal('VP');
    expect(ticket?.assignment?.informed).to.deep.equal([]);
  });

  it('changes nothing when the same ticket is routed twice', async () => {
    const ticketId = await seedReceivedTicket({ category: 'library', subject: 'Thư viện đóng cửa sớm' });
    await enqueueRoute(pipeline.service.ctx.queues, ticketId);
    await pipeline.mail.waitFor((m) => m.to.includes('thuvien@example.gov.vn'));
    const before = await Ticket.findById(ticketId).lean();

    const ctx = { ...pipeline.service.ctx, mail: undefined as never, redisUrl: '', prefix: '', close: async () => {} };
    expect(await routeReceivedTicket(ctx, ticketId)).to.equal('skipped');
    await enqueueRoute(pipeline.service.ctx.queues, ticketId, { via: 'sweep' });
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const after = await Ticket.findById(ticketId).lean();
    expect(after?.assignment).to.deep.equal(before?.assignment);
    expect(after?.events.filter((e) => e.type === 'assigned')).to.have.length(1);
    expect(pipeline.mail.messages().filter((m) => m.to.includes('thuvien@example.gov.vn'))).to.have.length(1);
  });

  it('delivers exactly one e-mail when the SMTP server refuses for a while', async () => {
    pipeline.mail.refuse('temporary');
    const ticketId = await seedReceivedTicket({ category: 'heritage', subject: 'Di tích xuống cấp' });
    await enqueueRoute(pipeline.service.ctx.queues, ticketId);
    await waitUntil(async () => ((await Ticket.findById(ticketId).lean())?.outbox[0]?.attempts ?? 0) >= 2, 20_000);
    pipeline.mail.refuse(false);

    await pipeline.mail.waitFor((m) => m.to.includes('quanly.disan@example.gov.vn'), { timeoutMs: 30_000 });
    await waitUntil(async () => (await Ticket.findById(ticketId).lean())?.outbox[0]?.sentAt !== undefined, 10_000);
    const ticket = await Ticket.findById(ticketId).lean();
    expect(ticket?.outbox[0]?.attempts).to.be.greaterThan(1);
    expect(pipeline.mail.byMessageId().get(`${ticketId}.assign-1@localhost`)).to.equal(1);
  });
});
