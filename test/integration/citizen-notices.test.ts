import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { gsm7Septets } from '../../shared/notices/notice-text-vi.js';
import { anonymiseTicket } from '../../shared/tickets/repository/ticket-privacy.js';
import { AnswerPageClient } from '../support/answer-client.js';
import { api, ticketBody } from '../support/intake-service.js';
import { monitorFetch, monitorStaff } from '../support/monitor-client.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';
import { deleteQueuePrefix } from '../support/redis.js';
import { startTestSmsGateway, type TestSmsGateway } from '../support/sms-gateway-server.js';
import { waitUntil } from '../support/wait.js';

const GATEWAY_TOKEN = 'sms-gateway-test-token-0123456789';
/** Long enough for a job that would wrongly send a second copy to have done it (the sent-witness test waits as long). */
const SETTLE_MS = 2000;

/**
 * Notices to the citizen (issue 19), through the operator API, the real workers, the SMTP sink and a
 * local SMS gateway: each notice goes once per channel, a refusing gateway is retried until it
 * accepts, an opted-out citizen gets nothing, and a wiped Redis loses nothing owed.
 */
describe('notices to the citizen', function () {
  this.timeout(90_000);
  let pipeline: Pipeline;
  let gateway: TestSmsGateway;
  let operatorToken: string;

  before(async () => {
    gateway = await startTestSmsGateway();
    pipeline = await startPipeline('citizen-notices', {
      http: true,
      config: { SMS_GATEWAY_URL: gateway.url, SMS_GATEWAY_TOKEN: GATEWAY_TOKEN },
    });
    operatorToken = (await monitorStaff('operator', 'Phạm Thu Trang', 'operator@notices.test')).token;
  });
  after(async () => {
    await pipeline?.stop();
    await gateway?.stop();
  });

  async function logCall(citizen: Record<string, unknown>): Promise<{ ticketId: string; code: string }> {
    const created = await api(pipeline.service.url!, 'POST', '/api/v1/tickets', {
      token: operatorToken,
      body: ticketBody({ category: 'heritage', citizen: { name: 'Võ Thị Hồng', ...citizen } }),
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const code = created.body.code as string;
    const ticket = await Ticket.findOne({ code }).lean();
    return { ticketId: ticket!._id.toString(), code };
  }

  const mailsTo = (address: string, kindPart: string) =>
    pipeline.mail.messages().filter((m) => m.to.includes(address) && m.messageId.includes(kindPart));
  const smsOf = (ticketId: string, keyPart: string) =>
    gateway.requests().filter((r) => r.reference.startsWith(`${ticketId}.${keyPart}`));
  const accepted = (ticketId: string, keyPart: string) =>
    smsOf(ticketId, keyPart).filter((r) => r.status === 200);

  async function answerPage(code: string): Promise<AnswerPageClient> {
    const [assign] = await pipeline.mail.waitFor(
      (m) => m.headers['x-hotline-ticket'] === code && m.messageId.includes('.assign-1@'),
      { timeoutMs: 20_000 },
    );
    const page = new AnswerPageClient(
      pipeline.service.url!,
      /\/answer\/([A-Za-z0-9_-]{43})/.exec(assign!.text)![1]!,
    );
    await page.open();
    return page;
  }

  it('sends one receipt e-mail and one receipt SMS to a citizen who gave both', async () => {
    const email = 'hong.receipt@example.vn';
    const { ticketId, code } = await logCall({ phone: '0912 345 601', email });

    const [receipt] = await pipeline.mail.waitFor(
      (m) => m.to.includes(email) && m.messageId === `${ticketId}.notice-received-email@localhost`,
      { timeoutMs: 20_000 },
    );
    expect(receipt!.subject).to.equal(`Tổng đài 1022: phản ánh mã ${code}`);
    expect(receipt!.text).to.contain(`Tổng đài 1022 đã nhận phản ánh mã ${code}`);
    expect(receipt!.text).to.contain(`${pipeline.config.PUBLIC_BASE_URL}/tra-cuu`);
    // Nothing from the ticket but its code: not the subject, not the name.
    expect(receipt!.text).not.to.contain('Gò Tháp').and.not.to.contain('Võ Thị Hồng');

    await waitUntil(() => accepted(ticketId, 'notice-received-sms').length === 1, 20_000);
    await sleep(SETTLE_MS);
    const [sms] = smsOf(ticketId, 'notice-received-sms');
    expect(smsOf(ticketId, 'notice-received-sms'), 'requests to the gateway').to.have.length(1);
    expect(sms).to.include({
      to: '+84912345601',
      reference: `${ticketId}.notice-received-sms@localhost`,
      authorization: `Bearer ${GATEWAY_TOKEN}`,
    });
    expect(sms!.text).to.contain(`Tong dai 1022 da nhan phan anh ma ${code}`);
    expect(gsm7Septets(sms!.text)).to.be.a('number').and.at.most(160);
    expect(mailsTo(email, '.notice-received-')).to.have.length(1);

    const events = (await Ticket.findById(ticketId).lean())!.events.filter(
      (e) => e.type === 'citizen_notified',
    );
    expect(events.map((e) => (e.data as { channel: string }).channel).sort()).to.deep.equal(['email', 'sms']);

    // The dashboard's ticket page says so in Vietnamese.
    const chief = await monitorStaff('chief', 'Lê Văn Tâm', 'chief@notices.test');
    const ticketPage = await monitorFetch(pipeline.service.url!, `/monitor/tickets/${code}`, {
      cookie: chief.cookie,
    });
    expect(ticketPage.status).to.equal(200);
    const html = ticketPage.text;
    expect(html).to.contain('Đã gửi thông báo cho người phản ánh');
    expect(html).to.contain('Tin nhắn SMS: báo người phản ánh đã tiếp nhận và mã tra cứu');
  });

  it('retries a gateway that answers 500 three times, and ends with exactly one SMS', async () => {
    gateway.failNext((r) => r.to === '+84912345602', [500, 500, 500]);
    const { ticketId } = await logCall({ phone: '0912 345 602' });

    await waitUntil(() => accepted(ticketId, 'notice-received-sms').length === 1, 60_000, 'SMS accepted');
    await sleep(SETTLE_MS);
    expect(smsOf(ticketId, 'notice-received-sms').map((r) => r.status)).to.deep.equal([500, 500, 500, 200]);
    const references = new Set(smsOf(ticketId, 'notice-received-sms').map((r) => r.reference));
    expect([...references], 'one idempotency reference on every attempt').to.have.length(1);
    const entry = (await Ticket.findById(ticketId).lean())!.outbox.find(
      (m) => m.key === 'notice-received-sms',
    );
    expect(entry!.sentAt).to.be.instanceOf(Date);
    expect(entry!.attempts).to.equal(4);
  });

  it('sends nothing to a citizen who opted out: no e-mail, no SMS, at any moment', async () => {
    const email = 'hong.optout@example.vn';
    const { ticketId, code } = await logCall({ phone: '0912 345 603', email, noticesOptOut: true });
    const page = await answerPage(code);
    const answered = await page.postAnswer({
      text: 'Đã kiểm tra và sửa tường rào.',
      name: 'Lê Thị Hoa',
      position: 'Chuyên viên',
    });
    expect(answered.status).to.equal(303);
    await pipeline.mail.waitFor((m) => m.messageId === `${ticketId}.answered-1@localhost`, {
      timeoutMs: 20_000,
    });
    await sleep(SETTLE_MS);

    const ticket = (await Ticket.findById(ticketId).lean())!;
    expect(ticket.citizen!.noticesOptOut).to.equal(true);
    expect(
      ticket.outbox.filter((m) => m.kind.startsWith('notice_')),
      'notices owed',
    ).to.deep.equal([]);
    expect(pipeline.mail.messages().filter((m) => m.to.includes(email))).to.deep.equal([]);
    expect(gateway.requests().filter((r) => r.to === '+84912345603')).to.deep.equal([]);
    const chief = await monitorStaff('chief', 'Lê Văn Tâm', 'chief.optout@notices.test');
    const ticketPage = await monitorFetch(pipeline.service.url!, `/monitor/tickets/${code}`, {
      cookie: chief.cookie,
    });
    expect(ticketPage.text).to.contain('Người phản ánh không muốn nhận thông báo (tin nhắn, thư điện tử)');
  });

  it('tells the citizen once when the unit asks for more information and once when the answer is ready', async () => {
    const email = 'hong.flow@example.vn';
    const { ticketId, code } = await logCall({ phone: '0912 345 604', email });
    const page = await answerPage(code);

    const asked = await page.postForm('citizen-info', {
      question: 'Đề nghị cho biết vị trí đoạn tường bị sập.',
      name: 'Lê Thị Hoa',
      position: 'Chuyên viên',
    });
    expect(asked.status).to.equal(303);
    const [info] = await pipeline.mail.waitFor(
      (m) => m.to.includes(email) && m.messageId.includes('.notice-info-1-'),
      { timeoutMs: 20_000 },
    );
    expect(info!.text).to.contain(`phản ánh mã ${code} cần Ông/Bà bổ sung thông tin`);
    // The unit's question stays with the operators: the notice carries none of its words.
    expect(info!.text).not.to.contain('tường bị sập');
    await waitUntil(() => accepted(ticketId, 'notice-info-1-').length === 1, 20_000);

    const replied = await fetch(`${pipeline.service.url}/api/v1/tickets/${code}/citizen-reply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reply: 'Đoạn tường phía đông, gần cổng chính.' }),
    });
    expect(replied.status).to.equal(200);
    await page.open();
    const answered = await page.postAnswer({
      text: 'Đã sửa tường phía đông.',
      name: 'Lê Thị Hoa',
      position: 'Chuyên viên',
    });
    expect(answered.status).to.equal(303);
    const [ready] = await pipeline.mail.waitFor(
      (m) => m.to.includes(email) && m.messageId === `${ticketId}.notice-answer-1-email@localhost`,
      { timeoutMs: 20_000 },
    );
    expect(ready!.text).to.contain(`phản ánh ${code} đã có trả lời; tổng đài viên sẽ gọi lại Ông/Bà`);
    await waitUntil(() => accepted(ticketId, 'notice-answer-1-sms').length === 1, 20_000);
    await sleep(SETTLE_MS);

    expect(mailsTo(email, '.notice-info-')).to.have.length(1);
    expect(mailsTo(email, '.notice-answer-')).to.have.length(1);
    expect(smsOf(ticketId, 'notice-info-')).to.have.length(1);
    expect(smsOf(ticketId, 'notice-answer-')).to.have.length(1);
    expect(smsOf(ticketId, 'notice-answer-')[0]!.text).to.contain(`phan anh ${code} da co tra loi`);
  });

  it('does not send an SMS again when MongoDB lost its sentAt: the Redis sent-witness says the gateway took it', async () => {
    const { ticketId } = await logCall({ phone: '0912 345 607' });
    const entryOf = async () =>
      (await Ticket.findById(ticketId).lean())!.outbox.find((m) => m.key === 'notice-received-sms');
    await waitUntil(async () => Boolean((await entryOf())?.sentAt), 20_000, 'SMS recorded');
    await Ticket.updateOne(
      { _id: ticketId },
      { $unset: { 'outbox.$[m].sentAt': '', 'outbox.$[m].sendingUntil': '' } },
      { arrayFilters: [{ 'm.key': 'notice-received-sms' }] },
    );

    await waitUntil(async () => {
      const entry = await entryOf();
      return entry?.attempts === 2 && Boolean(entry.sentAt);
    }, 20_000);
    await sleep(SETTLE_MS);
    expect(smsOf(ticketId, 'notice-received-sms'), 'requests to the gateway').to.have.length(1);
  });

  it('drops a notice still owed when the ticket is anonymised: nobody is left to send it to', async () => {
    const phone = '+84912345606';
    gateway.refuse((r) => r.to === phone);
    const { ticketId } = await logCall({ phone: '0912 345 606' });
    await waitUntil(() => smsOf(ticketId, 'notice-received-sms').length >= 1, 20_000, 'first attempt');
    await waitUntil(
      async () => (await anonymiseTicket(ticketId, 'citizen_request', () => new Date())) === 'anonymised',
      20_000,
      'anonymised',
    );
    gateway.accept();

    await waitUntil(
      async () =>
        Boolean(
          (await Ticket.findById(ticketId).lean())!.outbox.find((m) => m.key === 'notice-received-sms')!
            .failedAt,
        ),
      30_000,
      'notice withdrawn',
    );
    await sleep(SETTLE_MS);
    const ticket = (await Ticket.findById(ticketId).lean())!;
    expect(ticket.outbox.find((m) => m.key === 'notice-received-sms')!.lastError).to.equal(
      'withdrawn: ticket anonymised',
    );
    expect(accepted(ticketId, 'notice-received-sms')).to.deep.equal([]);
    expect(JSON.stringify(ticket)).not.to.contain('912345606');
  });

  it('still sends what is owed, once, after Redis lost every job (the sweeper re-enqueues it)', async () => {
    const phone = '+84912345605';
    gateway.refuse((r) => r.to === phone);
    const { ticketId } = await logCall({ phone: '0912 345 605' });
    await waitUntil(() => smsOf(ticketId, 'notice-received-sms').length >= 1, 20_000, 'first attempt');

    await deleteQueuePrefix(pipeline.prefix);
    const before = (await Ticket.findById(ticketId).lean())!.outbox.find(
      (m) => m.key === 'notice-received-sms',
    );
    expect(before!.sentAt ?? undefined, 'still owed after the wipe').to.equal(undefined);
    gateway.accept();

    await waitUntil(
      () => accepted(ticketId, 'notice-received-sms').length === 1,
      30_000,
      'SMS after the wipe',
    );
    await sleep(SETTLE_MS);
    expect(accepted(ticketId, 'notice-received-sms')).to.have.length(1);
    const after = (await Ticket.findById(ticketId).lean())!;
    expect(after.outbox.find((m) => m.key === 'notice-received-sms')!.sentAt).to.be.instanceOf(Date);
    expect(after.events.filter((e) => e.type === 'citizen_notified')).to.have.length(1);
  });
});
