import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { AnswerPageClient, PDF_BYTES } from '../support/answer-client.js';
import { hiddenField, monitorFetch, monitorStaff } from '../support/monitor-client.js';
import { seedAssignedTicket } from '../support/assigned-ticket.js';
import { api, ticketBody } from '../support/intake-service.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';

/**
 * Regressions of the attack on the running service (issue 14): each case is what the attacker sent,
 * through the same door, and what a person now sees instead.
 */
describe('attack findings (issue 14)', function () {
  this.timeout(60_000);
  let pipeline: Pipeline;
  let base: string;
  let secret: string;
  let dataDir: string;
  let operatorToken: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hotline-attack-'));
    pipeline = await startPipeline('attack-findings', {
      http: true,
      workers: true,
      config: { DATA_DIR: dataDir },
    });
    base = pipeline.service.url!;
    secret = pipeline.config.LINK_SECRET;
    operatorToken = (
      await createStaff(
        { name: 'Nguyễn Thị Lan', email: 'operator@attack.test', role: 'operator' },
        new Date(),
      )
    ).token;
  });

  after(async () => {
    await pipeline?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('1. oversize whitespace is refused before cleaning', () => {
    // On main each of these was cleaned first (seconds of frozen event loop), then accepted.
    const padded = (length: number, separator = '') => `a${' '.repeat(length)}${separator}b`;

    it('refuses ticket content padded with 63,000 spaces, naming the field, and stores nothing', async () => {
      const before = await Ticket.countDocuments();
      const response = await api(base, 'POST', '/api/v1/tickets', {
        token: operatorToken,
        body: ticketBody({ content: padded(63_000, '\n') }),
      });
      expect(response.status).to.equal(400);
      expect(response.body.error.details).to.deep.include({ path: 'content', message: 'Tối đa 4000 ký tự.' });
      expect(await Ticket.countDocuments()).to.equal(before);
    });

    it('refuses a padded name in a citizen field and in the subject', async () => {
      const response = await api(base, 'POST', '/api/v1/tickets', {
        token: operatorToken,
        body: ticketBody({
          subject: padded(20_000),
          citizen: { name: padded(20_000), phone: '0912 345 678' },
        }),
      });
      expect(response.status).to.equal(400);
      const paths = (response.body.error.details as Array<{ path: string }>).map((d) => d.path);
      expect(paths).to.include.members(['subject', 'citizen.name']);
    });

    it('refuses a padded list filter q', async () => {
      const response = await api(
        base,
        'GET',
        `/api/v1/tickets?${new URLSearchParams({ q: padded(12_000) })}`,
        {
          token: operatorToken,
        },
      );
      expect(response.status).to.equal(400);
      expect(response.body.error.details).to.deep.include({ path: 'q', message: 'Tối đa 200 ký tự.' });
    });

    it('shows the answer form again when the responder’s name is padded, and records no answer', async () => {
      const seeded = await seedAssignedTicket(secret);
      const client = new AnswerPageClient(base, seeded.token);
      expect((await client.open()).status).to.equal(200);
      const response = await client.postAnswer({
        text: 'Đã kiểm tra.',
        name: padded(20_000),
        position: 'Trưởng phòng',
      });
      expect(response.status).to.equal(400);
      expect(await response.text()).to.contain('Tối đa 120 ký tự.');
      expect((await Ticket.findById(seeded.ticketId).lean())?.status).to.equal('assigned');
    });
  });

  describe('2. a unit informed of a conduct complaint', () => {
    it('gets its own notice: no answer link and no complainant identity; the link goes to the Inspectorate only', async () => {
      const created = await api(base, 'POST', '/api/v1/tickets', {
        token: operatorToken,
        body: ticketBody({
          category: 'conduct',
          subject: 'Cán bộ một cửa gây phiền hà',
          citizen: { name: 'Đặng Văn Khiếu', phone: '0987 654 321', email: 'khieu@example.vn' },
        }),
      });
      expect(created.status).to.equal(201);
      const code = created.body.code as string;
      const [handling] = await pipeline.mail.waitFor(
        (m) => m.subject.includes(code) && m.to.includes('thanhtra@example.gov.vn'),
        { timeoutMs: 20_000 },
      );
      const [informed] = await pipeline.mail.waitFor(
        (m) => m.subject.includes(code) && m.to.includes('vanphong@example.gov.vn'),
        { timeoutMs: 20_000 },
      );
      expect(handling!.cc).to.deep.equal([]);
      expect(handling!.envelope.rcptTo).to.deep.equal(['thanhtra@example.gov.vn']);
      expect(handling!.text)
        .to.match(/\/answer\/[A-Za-z0-9_-]{43}/)
        .and.to.contain('Đặng Văn Khiếu');
      for (const body of [informed!.text, informed!.html]) {
        expect(body).not.to.match(/\/answer\//);
        expect(body).not.to.contain('Đặng Văn Khiếu');
        expect(body).not.to.contain('+84987654321');
        expect(body).not.to.contain('khieu@example.vn');
      }
      expect(informed!.envelope.rcptTo).to.deep.equal(['vanphong@example.gov.vn']);
      expect(informed!.text).to.contain('không cần trả lời').and.to.contain('Cán bộ một cửa gây phiền hà');
    });
  });

  describe('9. closing a ticket withdraws its answer link', () => {
    const ANSWER = { text: 'Phòng đã kiểm tra và xử lý.', name: 'Trần Thị Mai', position: 'Trưởng phòng' };

    const answeredWithAttachment = async () => {
      const seeded = await seedAssignedTicket(secret);
      const client = new AnswerPageClient(base, seeded.token);
      await client.open();
      const answered = await client.postAnswer(ANSWER, [{ name: 'tra-loi.pdf', bytes: PDF_BYTES }]);
      expect(answered.status).to.equal(303);
      const stored = await Ticket.findById(seeded.ticketId).lean();
      const attachmentId = String(
        (stored?.answer as { attachments?: Array<{ id: string }> })?.attachments?.[0]?.id,
      );
      expect((await fetch(`${base}/answer/${seeded.token}/attachments/${attachmentId}`)).status).to.equal(
        200,
      );
      return { seeded, attachmentId };
    };

    const expectWithdrawn = async (token: string, attachmentId: string) => {
      const page = await fetch(`${base}/answer/${token}`, { headers: { accept: 'text/html' } });
      expect(page.status).to.equal(410);
      const html = await page.text();
      expect(html).to.contain('phiếu đã được đóng');
      expect(html).not.to.contain('+84912345678');
      expect((await fetch(`${base}/answer/${token}/attachments/${attachmentId}`)).status).to.equal(410);
    };

    it('after the operator records the call-back through the API', async () => {
      const { seeded, attachmentId } = await answeredWithAttachment();
      const closed = await api(base, 'POST', `/api/v1/tickets/${seeded.ticketId}/closure`, {
        token: operatorToken,
        body: { calledBackAt: new Date().toISOString(), outcome: 'satisfied' },
      });
      expect(closed.status).to.equal(200);
      await expectWithdrawn(seeded.token, attachmentId);
    });

    it('after the Office Chief closes the answered ticket on the dashboard', async () => {
      const { seeded, attachmentId } = await answeredWithAttachment();
      const chief = await monitorStaff('chief', 'Trần Văn Bình', 'chief@attack.test');
      const page = await monitorFetch(base, `/monitor/tickets/${seeded.code}`, { cookie: chief.cookie });
      const form: Record<string, string> = { reason: 'Đã gọi lại, công dân không cần thêm.' };
      for (const name of ['_csrf', 'formId', 'expectedStatus', 'expectedNo'])
        form[name] = hiddenField(page.text, '/close', name);
      const done = await monitorFetch(base, `/monitor/tickets/${seeded.code}/close`, {
        cookie: chief.cookie,
        form,
      });
      expect(done.status).to.equal(303);
      await expectWithdrawn(seeded.token, attachmentId);
    });
  });
});
