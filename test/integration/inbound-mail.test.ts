import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { createMailTransport } from '../../shared/mail/transport.js';
import { startOpsServer } from '../../services/ops-server.js';
import { startService } from '../../main/start-service.js';
import { startInboundMailReader } from '../../workers/inbound-mail.worker.js';
import type { CaughtMail } from '../../tools/mail-catcher/index.js';
import { reassignTicket } from '../support/assigned-ticket.js';
import { storedAttachmentBytes } from '../support/attachments.js';
import { testMongoKind } from '../support/database.js';
import { startImapServer, type TestImapServer } from '../support/dovecot.js';
import { seedReceivedTicket, startPipeline, type Pipeline } from '../support/pipeline.js';
import { quietLogger } from '../support/quiet-logger.js';
import { waitUntil } from '../support/wait.js';

const REPLY_BASE = 'tra-loi@so-vhttdl.example.gov.vn';
const UNIT_PERSON = 'Trần Thị Bình <binh.tran@qlvh.example.gov.vn>';
const NEW_TEXT =
  'Kính gửi Tổng đài 1022,\n\nPhòng đã liên hệ công dân và hẹn trả kết quả ngày 05/12/2026.\n\nTrân trọng,\nTrần Thị Bình';
// A small but real PDF: the answer page's rule is the content's type, not the name.
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

let sequence = 0;

async function compose(
  fields: ConstructorParameters<typeof MailComposer>[0],
): Promise<{ raw: Buffer; messageId: string }> {
  sequence++;
  const messageId = `<reply-${Date.now()}-${sequence}@qlvh.example.gov.vn>`;
  const raw = await new MailComposer({ messageId, date: new Date(), ...fields }).compile().build();
  return { raw, messageId: messageId.slice(1, -1) };
}

/** A reply as Gmail writes it in Vietnamese: the new text, the quote header, the quoted e-mail, a signature. */
function replyText(assign: CaughtMail): string {
  return [
    NEW_TEXT,
    '',
    '-- ',
    'Phòng Quản lý Văn hóa | ĐT 0277 3851 234',
    '',
    `Vào Th 3, 1 thg 12, 2026 vào lúc 09:00 Tổng đài 1022 <${assign.from}> đã viết:`,
    ...assign.text.split('\n').map((line) => `> ${line}`),
  ].join('\n');
}

describe('units answer by replying to the e-mail (real IMAP server)', function () {
  this.timeout(60_000);
  let imap: TestImapServer;
  let pipeline: Pipeline;

  before(async () => {
    imap = await startImapServer();
    pipeline = await startPipeline('inbound-mail', {
      config: { IMAP_URL: imap.url, MAIL_REPLY_ADDRESS: REPLY_BASE, IMAP_POLL_SECONDS: 1 },
    });
  });
  after(async () => {
    await pipeline?.stop();
    await imap?.stop();
  });

  /** A ticket routed by the workers; returns the assignment e-mail the unit received. */
  async function assignedTicket(): Promise<{ ticketId: string; assign: CaughtMail }> {
    const ticketId = await seedReceivedTicket();
    const [assign] = await pipeline.mail.waitFor((m) => m.messageId.startsWith(`${ticketId}.assign-1@`), {
      timeoutMs: 20_000,
    });
    return { ticketId, assign: assign! };
  }

  async function filedIn(folder: string, messageId: string, copies = 1): Promise<void> {
    await waitUntil(
      async () => (await imap.sources(folder)).filter((s) => s.includes(messageId)).length >= copies,
      30_000,
      `message not moved to ${folder}`,
    );
  }

  const toSender = (m: CaughtMail) => m.to.includes('binh.tran@qlvh.example.gov.vn');

  it('gives the assignment e-mail a Reply-To of its own, which is not the answer link', async () => {
    const { assign } = await assignedTicket();
    const replyTo = assign.headers['reply-to'] ?? '';
    expect(replyTo).to.match(/tra-loi\+[0-9a-f]{24}-1-[0-9a-f]{24}@so-vhttdl\.example\.gov\.vn/);
    const link = /\/answer\/([A-Za-z0-9_-]{43})/.exec(assign.text)?.[1];
    expect(link).to.be.a('string');
    expect(replyTo).not.to.include(link!);
  });

  it('records a reply with quoted text and a PDF as the answer: quote and signature gone, PDF attached, mail filed', async () => {
    const { ticketId, assign } = await assignedTicket();
    const reply = await compose({
      from: UNIT_PERSON,
      to: assign.headers['reply-to'],
      subject: `RE: ${assign.subject}`,
      inReplyTo: `<${assign.messageId}>`,
      references: [`<${assign.messageId}>`],
      text: replyText(assign),
      attachments: [
        { filename: 'Công văn trả lời.pdf', content: PDF, contentType: 'application/octet-stream' },
      ],
    });
    await imap.deliver(reply.raw);

    await filedIn('Processed', reply.messageId);
    const ticket = await Ticket.findById(ticketId).lean();
    expect(ticket?.status).to.equal('answered');
    expect(ticket?.answer?.text).to.equal(NEW_TEXT.normalize('NFC'));
    expect(ticket?.answer?.responderName).to.equal('Trần Thị Bình');
    expect(ticket?.answer?.via).to.equal('email');
    expect(ticket?.answer?.email?.original).to.include('đã viết:');
    expect(ticket?.next).to.equal(null);
    const [file] = ticket?.answer?.attachments ?? [];
    expect(file).to.include({
      filename: 'Công văn trả lời.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
    });
    // Through the one attachment store, as for an answer given on the page.
    const stored = await storedAttachmentBytes(ticketId, file!.storedAs!);
    expect(stored?.equals(PDF)).to.equal(true);
    // The operators are told, as for an answer given on the page; the unit gets no refusal.
    await pipeline.mail.waitFor((m) => m.messageId.startsWith(`${ticketId}.answered-1@`));
    expect(pipeline.mail.messages().filter(toSender)).to.have.length(0);
    expect(await imap.sources('INBOX')).to.have.length(0);
  });

  it('applies the same message once though two workers see it, twice over', async () => {
    const { ticketId, assign } = await assignedTicket();
    const ctx = pipeline.service.ctx;
    const mail = createMailTransport(pipeline.config.SMTP_URL!);
    const second = startInboundMailReader({
      config: ctx.config,
      log: ctx.log,
      queues: ctx.queues,
      clock: ctx.clock,
      domain: ctx.domain,
      mail,
      redisUrl: ctx.config.REDIS_URL,
      prefix: ctx.config.QUEUE_PREFIX,
      close: async () => undefined,
    });
    try {
      const reply = await compose({
        from: UNIT_PERSON,
        to: assign.headers['reply-to'],
        subject: `RE: ${assign.subject}`,
        text: replyText(assign),
      });
      // The same message delivered twice (two UIDs, one Message-ID), read by two workers at once.
      await Promise.all([imap.deliver(reply.raw), imap.deliver(reply.raw)]);
      await filedIn('Processed', reply.messageId, 2);
    } finally {
      await second?.close();
      mail.close();
    }
    const ticket = await Ticket.findById(ticketId).lean();
    expect(ticket?.events.filter((event) => event.type === 'answered')).to.have.length(1);
    expect(ticket?.outbox.filter((entry) => entry.kind === 'answered')).to.have.length(1);
    expect(pipeline.mail.messages().filter(toSender)).to.have.length(0);
  });

  it('refuses a reply to a withdrawn assignment with one explanatory e-mail, and changes nothing', async () => {
    const { ticketId, assign } = await assignedTicket();
    await reassignTicket(pipeline.config.LINK_SECRET, ticketId, 'TDTT');
    const before = await Ticket.findById(ticketId).lean();
    const reply = await compose({
      from: UNIT_PERSON,
      to: assign.headers['reply-to'],
      subject: `RE: ${assign.subject}`,
      text: replyText(assign),
    });
    await imap.deliver(reply.raw);

    await filedIn('Review', reply.messageId);
    const [refusal] = await pipeline.mail.waitFor(toSender);
    expect(refusal?.subject).to.match(/^Chưa ghi nhận trả lời/);
    expect(refusal?.text).to.include('không còn chờ trả lời');
    expect(refusal?.text).to.include('đường dẫn trong thư giao phiếu');
    expect(refusal?.headers['auto-submitted']).to.equal('auto-replied');
    expect(refusal?.headers['in-reply-to']).to.equal(`<${reply.messageId}>`);
    expect(pipeline.mail.messages().filter(toSender)).to.have.length(1);
    const after = await Ticket.findById(ticketId).lean();
    expect(after?.status).to.equal('assigned');
    expect(after?.answer?.answeredAt).to.equal(undefined);
    expect(after?.events).to.have.length(before!.events.length);
    pipeline.mail.clear();
  });

  it('puts an out-of-office auto-reply aside without answering it or recording it', async () => {
    const { ticketId, assign } = await assignedTicket();
    const reply = await compose({
      from: UNIT_PERSON,
      to: assign.headers['reply-to'],
      subject: `Trả lời tự động: ${assign.subject}`,
      headers: { 'Auto-Submitted': 'auto-replied' },
      text: 'Tôi đang nghỉ phép đến hết ngày 10/12/2026. Việc gấp xin liên hệ Phòng Quản lý Văn hóa.',
    });
    await imap.deliver(reply.raw);

    await filedIn('Review', reply.messageId);
    const ticket = await Ticket.findById(ticketId).lean();
    expect(ticket?.status).to.equal('assigned');
    expect(ticket?.answer?.answeredAt).to.equal(undefined);
    // The refusal e-mail, when owed, goes out before the message is filed: none went.
    expect(pipeline.mail.messages().filter(toSender)).to.have.length(0);
  });
});

describe('replies mailbox out of reach', function () {
  this.timeout(30_000);

  it('is retried and reported on the workers’ /readyz and /metrics', async () => {
    const pipeline = await startPipeline('inbound-down', { workers: false });
    // A port nothing listens on: connection refused on every attempt.
    const probe = await startImapServer();
    const deadUrl = probe.url;
    await probe.stop();
    const service = await startService({
      http: false,
      workers: true,
      config: { ...pipeline.config, IMAP_URL: deadUrl, MAIL_REPLY_ADDRESS: REPLY_BASE },
      log: quietLogger(),
      mongoKind: testMongoKind(),
    });
    const ops = await startOpsServer(service.ctx);
    const base = `http://127.0.0.1:${(ops.server.address() as AddressInfo).port}`;
    try {
      let body: { failing?: string[]; checks?: Record<string, string>; mailbox?: { failures: number } } = {};
      await waitUntil(
        async () => {
          const response = await fetch(`${base}/readyz`);
          body = (await response.json()) as typeof body;
          return response.status === 503 && (body.mailbox?.failures ?? 0) >= 2;
        },
        20_000,
        'readyz never reported the mailbox retried',
      );
      expect(body.failing).to.deep.equal(['mailbox']);
      expect(body.checks).to.include({ mongodb: 'ok', redis: 'ok', mailbox: 'failed' });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).to.match(/^inbound_mailbox_up 0$/m);
      expect(Number(/^inbound_mailbox_failures_total (\d+)$/m.exec(metrics)?.[1])).to.be.at.least(2);
    } finally {
      await ops.close();
      await service.stop();
      await pipeline.stop();
    }
  });
});
