import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { addDays } from '../../shared/time/local-date.js';
import { localDateOf } from '../../shared/time/vietnam-time-zone.js';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { reenqueueOwedWebhooks } from '../../shared/webhook/enqueue-webhook.js';
import { verifyWebhookSignature } from '../../shared/webhook/switchboard-webhook.js';
import { AnswerPageClient, PDF_BYTES, PNG_BYTES } from '../support/answer-client.js';
import { reassignTicket, seedAssignedTicket } from '../support/assigned-ticket.js';
import { storedAttachmentBytes, storedAttachmentIds } from '../support/attachments.js';
import { documentConformance } from '../support/api-conformance.js';
import { api } from '../support/intake-service.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';
import { waitUntil } from '../support/wait.js';

const WEBHOOK_SECRET = 'switchboard-test-secret-0123456789';
const ANSWER = {
  text: 'Phòng đã kiểm tra, hồ sơ sẽ có kết quả trong tuần này.',
  name: 'Trần Thị Mai',
  position: 'Trưởng phòng',
};

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
  deliveryId: string | undefined;
  status: number;
}

/** The switchboard: refuses the first `failFirst` deliveries of a ticket with a 500, then accepts. */
function startSwitchboard(): Promise<{
  server: Server;
  url: string;
  deliveries: Delivery[];
  failFirst: Map<string, number>;
}> {
  const deliveries: Delivery[] = [];
  const failFirst = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const ticketId = (JSON.parse(body) as { ticketId: string }).ticketId;
      const left = failFirst.get(ticketId) ?? 0;
      const status = left > 0 ? 500 : 200;
      if (left > 0) failFirst.set(ticketId, left - 1);
      deliveries.push({
        headers: req.headers,
        body,
        signature: req.headers['x-hotline-signature'] as string | undefined,
        timestamp: req.headers['x-hotline-timestamp'] as string | undefined,
        deliveryId: req.headers['x-hotline-delivery'] as string | undefined,
        status,
      });
      res.writeHead(status).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/1022`,
        deliveries,
        failFirst,
      }),
    ),
  );
}

describe('answer link: the unit answers through the e-mailed link', function () {
  this.timeout(60_000);
  let pipeline: Pipeline;
  let base: string;
  let secret: string;
  let dataDir: string;
  let switchboard: Awaited<ReturnType<typeof startSwitchboard>>;
  let operatorToken: string;

  const openPage = async (token: string): Promise<AnswerPageClient> => {
    const client = new AnswerPageClient(base, token);
    const response = await client.open();
    expect(response.status).to.equal(200);
    return client;
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hotline-answer-'));
    switchboard = await startSwitchboard();
    pipeline = await startPipeline('answer-link', {
      http: true,
      workers: true,
      config: {
        DATA_DIR: dataDir,
        SWITCHBOARD_WEBHOOK_URL: switchboard.url,
        SWITCHBOARD_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
    });
    base = pipeline.service.url!;
    secret = pipeline.config.LINK_SECRET;
    operatorToken = (
      await createStaff(
        { name: 'Nguyễn Thị Lan', email: 'operator@answer.test', role: 'operator' },
        new Date(),
      )
    ).token;
  });

  after(async () => {
    await pipeline?.stop();
    await new Promise((resolve) => switchboard?.server.close(resolve));
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('reading the ticket', () => {
    it('shows the ticket to its own link, with the citizen’s <script> as text and no referrer or caching', async () => {
      // Three weeks ahead: office time is left whatever day the suite runs on (Tết is nine days off).
      const seeded = await seedAssignedTicket(secret, {
        deadline: new Date(Date.now() + 21 * 24 * 3600_000),
      });
      const client = new AnswerPageClient(base, seeded.token);
      const response = await client.open();

      expect(response.status).to.equal(200);
      expect(response.headers.get('referrer-policy')).to.equal('no-referrer');
      expect(response.headers.get('cache-control')).to.equal('no-store');
      expect(client.html).to.contain(seeded.code);
      expect(client.html).to.contain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
      expect(client.html).not.to.contain('<script>alert');
      expect(client.html).to.contain('Nguyễn Văn An').and.to.contain('0912 345 678');
      expect(client.html).to.contain('Phòng Quản lý Văn hóa').and.to.contain('còn');
      expect(client.html)
        .to.contain('Trả lời')
        .and.to.contain('Không thuộc thẩm quyền')
        .and.to.contain('Xin gia hạn');
      expect(client.html).to.equal(client.html.normalize('NFC'));
    });

    it('does not show the contact of an anonymous citizen', async () => {
      const seeded = await seedAssignedTicket(secret, { fields: { citizen: { anonymous: true } } });
      const client = await openPage(seeded.token);
      expect(client.html).to.contain('Ẩn danh');
      expect(client.html).not.to.contain('0912 345 678');
    });

    it('answers a tampered or made-up link with 404 and nothing about any ticket', async () => {
      const seeded = await seedAssignedTicket(secret);
      const last = seeded.token.at(-1) === 'A' ? 'B' : 'A';
      for (const token of [`${seeded.token.slice(0, -1)}${last}`, 'not-a-token', `${seeded.token}x`]) {
        const client = new AnswerPageClient(base, token);
        const response = await client.open();
        expect(response.status, token).to.equal(404);
        expect(client.html).not.to.contain(seeded.code);
        expect(client.html).to.contain('Đường dẫn không tồn tại hoặc không đúng.');
      }
    });

    it('opens only its own ticket: another ticket’s link cannot reach this one’s files', async () => {
      const first = await seedAssignedTicket(secret);
      const second = await seedAssignedTicket(secret);
      const answering = await openPage(first.token);
      expect((await answering.postAnswer(ANSWER, [{ name: 'scan.png', bytes: PNG_BYTES }])).status).to.equal(
        303,
      );
      const fileId = (await Ticket.findById(first.ticketId).lean())!.answer!.attachments[0]!.id!;

      const other = await openPage(second.token);
      expect(other.html).to.contain(second.code).and.not.to.contain(first.code);
      const response = await fetch(`${base}/answer/${second.token}/attachments/${fileId}`);
      expect(response.status).to.equal(404);
      expect(await response.text()).not.to.contain(first.code);
    });

    it('answers an expired link with 410', async () => {
      const past = new Date(Date.now() - 40 * 24 * 3600_000);
      const seeded = await seedAssignedTicket(secret, {
        deadline: past,
        tokenExpiresAt: new Date(Date.now() - 1000),
      });
      const client = new AnswerPageClient(base, seeded.token);
      expect((await client.open()).status).to.equal(410);
      expect(client.html).to.contain('Đường dẫn đã hết hiệu lực').and.not.to.contain(seeded.code);
    });

    it('answers the old link with 410 after the ticket was reassigned, while the new link works', async () => {
      const seeded = await seedAssignedTicket(secret);
      const newToken = await reassignTicket(secret, seeded.ticketId, 'QLDS');

      const old = new AnswerPageClient(base, seeded.token);
      expect((await old.open()).status).to.equal(410);
      expect(old.html).to.contain('chuyển cho đơn vị khác').and.not.to.contain(seeded.code);
      const current = await openPage(newToken);
      expect(current.html).to.contain('Phòng Quản lý Di sản');
    });
  });

  describe('answering', () => {
    it('refuses posts without the form token or with another browser’s cookie, and changes nothing', async () => {
      const seeded = await seedAssignedTicket(secret);
      const client = await openPage(seeded.token);

      const noGuard = await client.postAnswer(ANSWER, [], { withGuard: false });
      expect(noGuard.status).to.equal(403);
      expect(await noGuard.text()).to.contain('Biểu mẫu đã hết hạn hoặc không hợp lệ');

      const stranger = await openPage(seeded.token);
      const csrf = client.csrf;
      stranger.csrf = csrf; // a field copied from another browser does not fit this browser's cookie
      const mismatched = await stranger.postForm('transfer', {
        reason: 'Không thuộc lĩnh vực',
        name: 'A',
        position: 'B',
      });
      expect(mismatched.status).to.equal(403);

      const cookieless = new AnswerPageClient(base, seeded.token);
      cookieless.csrf = csrf;
      cookieless.formId = client.formId;
      expect((await cookieless.postAnswer(ANSWER)).status).to.equal(403);

      const stored = await Ticket.findById(seeded.ticketId).lean();
      expect(stored?.status).to.equal('assigned');
      expect(stored?.answer?.text).to.equal(undefined);
      expect(stored?.events.map((event) => event.type)).to.deep.equal(['received', 'assigned']);
    });

    it('records the answer once, tells the operators, and stops the timers', async () => {
      const seeded = await seedAssignedTicket(secret);
      const client = await openPage(seeded.token);
      const response = await client.postAnswer(ANSWER);
      expect(response.status).to.equal(303);
      expect(response.headers.get('location')).to.equal(`/answer/${seeded.token}?done=answer`);

      const stored = await Ticket.findById(seeded.ticketId).lean();
      expect(stored?.status).to.equal('answered');
      expect(stored?.answer).to.deep.include({
        text: ANSWER.text,
        responderName: ANSWER.name,
        responderPosition: ANSWER.position,
      });
      expect(stored?.answer?.onTime).to.equal(true);
      expect(stored?.next).to.equal(null);
      expect(stored?.outbox.map((mail) => [mail.key, mail.to])).to.deep.equal([
        ['answered-1', [pipeline.config.OPERATORS_EMAIL]],
      ]);

      const [mail] = await pipeline.mail.waitFor(
        (m) => m.to.includes(pipeline.config.OPERATORS_EMAIL) && m.subject.includes(seeded.code),
      );
      expect(mail!.subject).to.contain('đã trả lời');
      expect(mail!.text).to.contain(ANSWER.text).and.to.contain(ANSWER.name);

      const after = await openPage(seeded.token);
      expect(after.html).to.contain('Nội dung trả lời đã ghi nhận').and.to.contain(ANSWER.text);
      expect(after.html).not.to.contain('action="/answer/');
    });

    it('keeps exactly one of two answers sent at the same time; the other person sees who answered', async () => {
      const seeded = await seedAssignedTicket(secret);
      const [first, second] = await Promise.all([openPage(seeded.token), openPage(seeded.token)]);
      const responses = await Promise.all([
        first!.postAnswer({ ...ANSWER, text: 'Trả lời của người thứ nhất', name: 'Người Thứ Nhất' }),
        second!.postAnswer({ ...ANSWER, text: 'Trả lời của người thứ hai', name: 'Người Thứ Hai' }),
      ]);
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).to.deep.equal([303, 409]);

      const stored = await Ticket.findById(seeded.ticketId).lean();
      const loser = responses.find((response) => response.status === 409)!;
      const loserPage = await loser.text();
      expect(loserPage).to.contain(`Phiếu đã được trả lời bởi ${stored!.answer!.responderName}`);
      expect(loserPage).to.contain(stored!.answer!.text);
      expect(stored?.events.filter((event) => event.type === 'answered')).to.have.length(1);
      expect(stored?.outbox.filter((mail) => mail.kind === 'answered')).to.have.length(1);
    });

    it('records one answer when the same form is sent twice (double click, back button)', async () => {
      const seeded = await seedAssignedTicket(secret);
      const client = await openPage(seeded.token);
      const [once, twice] = await Promise.all([client.postAnswer(ANSWER), client.postAnswer(ANSWER)]);
      const again = await client.postAnswer(ANSWER);

      for (const response of [once!, twice!, again]) {
        expect(response.status).to.equal(303);
        expect(response.headers.get('location')).to.match(/\?done=answer$/);
      }
      const stored = await Ticket.findById(seeded.ticketId).lean();
      expect(stored?.events.filter((event) => event.type === 'answered')).to.have.length(1);
    });

    it('shows the form again with Vietnamese messages when required fields are missing', async () => {
      const seeded = await seedAssignedTicket(secret);
      const client = await openPage(seeded.token);
      const response = await client.postAnswer({ text: '   ', name: 'Trần Thị Mai', position: '' });
      expect(response.status).to.equal(400);
      const html = await response.text();
      expect(html).to.contain('Vui lòng nhập nội dung trả lời.').and.to.contain('Vui lòng nhập chức vụ.');
      expect(html).to.contain('value="Trần Thị Mai"');
      expect((await Ticket.findById(seeded.ticketId).lean())?.status).to.equal('assigned');
    });
  });

  describe('attachments', () => {
    it('refuses a “.pdf” that is really a PNG or garbage, and stores nothing', async () => {
      const seeded = await seedAssignedTicket(secret);
      const client = await openPage(seeded.token);
      for (const bytes of [PNG_BYTES, new TextEncoder().encode('MZ this is not a document')]) {
        const response = await client.postAnswer(ANSWER, [
          { name: 'cong-van.pdf', bytes, type: 'application/pdf' },
        ]);
        expect(response.status).to.equal(400);
        expect(await response.text()).to.contain('Tệp đính kèm chỉ được là PDF, JPEG hoặc PNG');
      }
      expect((await Ticket.findById(seeded.ticketId).lean())?.status).to.equal('assigned');
      expect(await storedAttachmentIds(seeded.ticketId)).to.deep.equal([]);
    });

    it('refuses a fourth file', async () => {
      const seeded = await seedAssignedTicket(secret);
      const client = await openPage(seeded.token);
      const files = [1, 2, 3, 4].map((n) => ({ name: `trang-${n}.pdf`, bytes: PDF_BYTES }));
      const response = await client.postAnswer(ANSWER, files);
      expect(response.status).to.equal(400);
      expect(await response.text()).to.contain('tối đa 3 tệp');
    });

    it('keeps a path-traversal name only as a plain display name, stores the file under a random id and serves it as a download', async () => {
      const seeded = await seedAssignedTicket(secret);
      const client = await openPage(seeded.token);
      const response = await client.postAnswer(ANSWER, [
        { name: '../../etc/passwd.png', bytes: PNG_BYTES, type: 'text/html' },
        { name: 'Công văn trả lời.pdf', bytes: PDF_BYTES },
      ]);
      expect(response.status).to.equal(303);

      const files = (await Ticket.findById(seeded.ticketId).lean())!.answer!.attachments;
      expect(files.map((file) => [file.filename, file.contentType])).to.deep.equal([
        ['passwd.png', 'image/png'],
        ['Công văn trả lời.pdf', 'application/pdf'],
      ]);
      expect(await storedAttachmentIds(seeded.ticketId)).to.deep.equal(
        files.map((file) => file.storedAs!).sort(),
      );
      for (const file of files) expect(file.storedAs).to.match(/^[A-Za-z0-9_-]{22}$/);
      expect(existsSync(join(dataDir, 'etc'))).to.equal(false);

      const download = await fetch(`${base}/answer/${seeded.token}/attachments/${files[0]!.id}`);
      expect(download.status).to.equal(200);
      expect(download.headers.get('content-type')).to.equal('image/png');
      expect(download.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(download.headers.get('content-disposition')).to.match(/^attachment; filename="?passwd\.png"?$/);
      expect(Buffer.from(await download.arrayBuffer())).to.deep.equal(Buffer.from(PNG_BYTES));
      expect(await storedAttachmentBytes(seeded.ticketId, files[1]!.storedAs!)).to.deep.equal(
        Buffer.from(PDF_BYTES),
      );

      const page = await openPage(seeded.token);
      expect(page.html).to.contain('Công văn trả lời.pdf');
    });
  });

  describe('switchboard webhook', () => {
    it('is retried until the switchboard accepts it, signed and with the same delivery id', async () => {
      const seeded = await seedAssignedTicket(secret, { fields: { externalRef: 'CALL-42' } });
      switchboard.failFirst.set(seeded.ticketId, 2);
      const client = await openPage(seeded.token);
      expect((await client.postAnswer(ANSWER)).status).to.equal(303);

      await waitUntil(
        async () => (await Ticket.findById(seeded.ticketId).lean())?.webhookDeliveredAt != null,
        30_000,
      );
      const mine = switchboard.deliveries.filter((delivery) => delivery.body.includes(seeded.ticketId));
      expect(mine.map((delivery) => delivery.status)).to.deep.equal([500, 500, 200]);
      for (const delivery of mine) {
        // The signature covers the timestamp, so a receiver can refuse a replay (docs/intake.md).
        const expected = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(`${delivery.timestamp}.${delivery.body}`).digest('hex')}`;
        expect(delivery.signature).to.equal(expected);
        expect(Math.abs(Number(delivery.timestamp) - Date.now() / 1000)).to.be.below(300);
        const received = new Date(Number(delivery.timestamp) * 1000);
        expect(verifyWebhookSignature(WEBHOOK_SECRET, delivery, received)).to.equal(true);
        // Replayed an hour later, or with a fresh timestamp pasted in: refused.
        expect(
          verifyWebhookSignature(WEBHOOK_SECRET, delivery, new Date(received.getTime() + 3_600_000)),
        ).to.equal(false);
        const restamped = { ...delivery, timestamp: String(Number(delivery.timestamp) + 3600) };
        expect(
          verifyWebhookSignature(WEBHOOK_SECRET, restamped, new Date(received.getTime() + 3_600_000)),
        ).to.equal(false);
        expect(delivery.deliveryId).to.equal(`${seeded.ticketId}.answered.1`);
        // Headers and body exactly as the OpenAPI document's `webhooks` describes them.
        expect(
          documentConformance().webhookProblems('ticket.answered', {
            headers: delivery.headers,
            text: delivery.body,
          }),
        ).to.deep.equal([]);
      }
      const payload = JSON.parse(mine[0]!.body);
      expect(payload).to.include({
        event: 'ticket.answered',
        ticketId: seeded.ticketId,
        code: seeded.code,
        externalRef: 'CALL-42',
        onTime: true,
      });
      expect(payload).not.to.have.property('text');
      const stored = await Ticket.findById(seeded.ticketId).lean();
      expect(stored?.webhookPending).to.equal(false);
      expect(stored?.webhookAttempts).to.equal(3);
    });

    it('is still delivered when Redis lost the job: the sweeper re-enqueues what MongoDB says is owed', async () => {
      const seeded = await seedAssignedTicket(secret);
      const answeredAt = new Date(Date.now() - 120_000);
      await Ticket.updateOne(
        { _id: seeded.ticketId },
        {
          $set: {
            status: 'answered',
            answer: { text: 'Đã xử lý.', answeredAt, assignmentNo: 1, unitCode: 'QLVH', onTime: true },
            webhookPending: true,
          },
        },
      );
      const enqueued = await reenqueueOwedWebhooks(pipeline.service.ctx.queues, new Date(), 60_000);
      expect(enqueued).to.be.at.least(1);
      await waitUntil(
        async () => (await Ticket.findById(seeded.ticketId).lean())?.webhookPending === false,
        15_000,
      );
      expect(
        switchboard.deliveries.filter((delivery) => delivery.body.includes(seeded.ticketId)),
      ).to.have.length(1);
    });
  });

  describe('not ours, and more time', () => {
    it('records a transfer request for the Office Chief and leaves the deadline and timers running', async () => {
      const seeded = await seedAssignedTicket(secret);
      const before = await Ticket.findById(seeded.ticketId).lean();
      const client = await openPage(seeded.token);
      const response = await client.postForm('transfer', {
        reason: 'Nội dung thuộc lĩnh vực di sản.',
        suggestedUnit: 'QLDS',
        name: 'Lê Văn Tâm',
        position: 'Phó Trưởng phòng',
      });
      expect(response.status).to.equal(303);

      const stored = await Ticket.findById(seeded.ticketId).lean();
      expect(stored?.status).to.equal('transfer_requested');
      expect(stored?.transferRequest).to.deep.include({
        suggestedUnit: 'QLDS',
        decision: 'pending',
        requestedBy: 'Lê Văn Tâm (Phó Trưởng phòng)',
      });
      expect(stored?.next).to.deep.equal(before?.next);
      expect(stored?.assignment?.deadline).to.deep.equal(before?.assignment?.deadline);
      const [mail] = await pipeline.mail.waitFor(
        (m) => m.to.includes('chanh.vanphong@example.gov.vn') && m.subject.includes(seeded.code),
      );
      expect(mail!.text).to.contain('Nội dung thuộc lĩnh vực di sản.').and.to.contain('Phòng Quản lý Di sản');

      const page = await openPage(seeded.token);
      expect(page.html).to.contain('Đã đề nghị chuyển phiếu').and.not.to.contain('/transfer"');
      const twice = await page.postForm('transfer', { reason: 'Lần nữa', name: 'A', position: 'B' });
      expect(twice.status).to.equal(409);
    });

    it('records an extension request without moving the deadline, and checks the date', async () => {
      const seeded = await seedAssignedTicket(secret);
      const before = await Ticket.findById(seeded.ticketId).lean();
      const client = await openPage(seeded.token);
      const person = { name: 'Lê Văn Tâm', position: 'Phó Trưởng phòng', reason: 'Cần xác minh tại cơ sở.' };

      const tooEarly = await client.postForm('extension', { ...person, proposedDate: '2020-01-06' });
      expect(tooEarly.status).to.equal(400);
      expect(await tooEarly.text()).to.contain('Ngày đề nghị phải sau hôm nay.');

      const date = workingDateAfter(pipeline, before!.assignment!.deadline, 7);
      const response = await client.postForm('extension', { ...person, proposedDate: date });
      expect(response.status).to.equal(303);
      const stored = await Ticket.findById(seeded.ticketId).lean();
      expect(stored?.extensionRequest).to.deep.include({ decision: 'pending', reason: person.reason });
      expect(stored?.extensionRequest?.proposedDeadline?.toISOString()).to.equal(
        new Date(`${date}T17:00:00+07:00`).toISOString(),
      );
      expect(stored?.assignment?.deadline).to.deep.equal(before?.assignment?.deadline);
      expect(stored?.status).to.equal('assigned');
      await pipeline.mail.waitFor(
        (m) =>
          m.to.includes('chanh.vanphong@example.gov.vn') &&
          m.subject.includes('xin gia hạn') &&
          m.subject.includes(seeded.code),
      );
    });
  });

  describe('closure after the call-back', () => {
    it('refuses to close an unanswered ticket with 409, then closes it once answered', async () => {
      const seeded = await seedAssignedTicket(secret);
      const closure = {
        calledBackAt: new Date().toISOString().replace('Z', '+00:00'),
        outcome: 'satisfied',
        note: 'Công dân cảm ơn.',
      };
      const early = await api(base, 'POST', `/api/v1/tickets/${seeded.ticketId}/closure`, {
        token: operatorToken,
        body: closure,
      });
      expect(early.status).to.equal(409);
      expect(early.body.error.code).to.equal('INVALID_STATE');
      expect(early.body.error.message).to.contain('chưa được trả lời');

      const client = await openPage(seeded.token);
      expect((await client.postAnswer(ANSWER)).status).to.equal(303);
      const closed = await api(base, 'POST', `/api/v1/tickets/${seeded.code}/closure`, {
        token: operatorToken,
        body: closure,
      });
      expect(closed.status).to.equal(200);
      expect(closed.body.status).to.equal('closed');
      expect(closed.body.closure).to.include({ outcome: 'satisfied', note: 'Công dân cảm ơn.' });

      const retry = await api(base, 'POST', `/api/v1/tickets/${seeded.ticketId}/closure`, {
        token: operatorToken,
        body: closure,
      });
      expect(retry.status).to.equal(200);
      const different = await api(base, 'POST', `/api/v1/tickets/${seeded.ticketId}/closure`, {
        token: operatorToken,
        body: { ...closure, outcome: 'unsatisfied' },
      });
      expect(different.status).to.equal(409);
      const stored = await Ticket.findById(seeded.ticketId).lean();
      expect(stored?.events.filter((event) => event.type === 'closed')).to.have.length(1);
    });

    it('needs an operator token and a valid body', async () => {
      const seeded = await seedAssignedTicket(secret);
      const anonymous = await api(base, 'POST', `/api/v1/tickets/${seeded.ticketId}/closure`, {
        body: { outcome: 'useful' },
      });
      expect(anonymous.status).to.equal(401);
      const bad = await api(base, 'POST', `/api/v1/tickets/${seeded.ticketId}/closure`, {
        token: operatorToken,
        body: { calledBackAt: '2026-03-05T08:30:00', outcome: 'happy', $where: '1' },
      });
      expect(bad.status).to.equal(400);
    });
  });

  describe('guessing', () => {
    // Last: it blocks this client for the rest of the window.
    it('stops a client after 30 unknown links with 429, while real links still open (issue 14, finding 8)', async () => {
      const seeded = await seedAssignedTicket(secret);
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++) {
        const response = await fetch(`${base}/answer/${'x'.repeat(40)}${String(i).padStart(3, '0')}`);
        statuses.push(response.status);
      }
      expect(statuses.filter((status) => status === 404).length).to.be.at.least(25);
      expect(statuses.at(-1)).to.equal(429);
      // Everyone behind the office's one address shares that count: their real links must still work.
      expect((await fetch(`${base}/answer/${seeded.token}`)).status).to.equal(200);
      expect((await fetch(`${base}/answer/${'y'.repeat(43)}`)).status).to.equal(429);
    });
  });
});

/** A working date (YYYY-MM-DD) at least `days` calendar days after `instant`, in Vietnamese time. */
function workingDateAfter(pipeline: Pipeline, instant: Date, days: number): string {
  const calendar = pipeline.service.ctx.domain.calendars.forUnit('QLVH');
  let date = addDays(localDateOf(instant), days);
  while (!calendar.isWorkingDay(date)) date = addDays(date, 1);
  return date;
}
