import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { AnswerPageClient, PDF_BYTES } from '../support/answer-client.js';
import { hiddenField, monitorFetch, monitorStaff } from '../support/monitor-client.js';
import { seedAssignedTicket } from '../support/assigned-ticket.js';
import { api, ticketBody } from '../support/intake-service.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';
import { waitUntil } from '../support/wait.js';

/**
 * An answer-form upload that announces 15 MB and sends only its first 64 KB, then waits: whatever the
 * server answers before the rest arrives, it answered without reading the body.
 */
function startSlowUpload(url: string, cookie: string): { status: Promise<number>; abort(): void } {
  const boundary = 'hotline-slow-upload';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="lon.pdf"\r\n` +
      'Content-Type: application/pdf\r\n\r\n%PDF-',
  );
  const req = request(url, {
    method: 'POST',
    headers: {
      cookie,
      accept: 'text/html',
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(15 * 1024 * 1024),
    },
  });
  const status = new Promise<number>((resolve, reject) => {
    req.once('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.once('error', reject);
  });
  req.write(Buffer.concat([head, Buffer.alloc(64 * 1024, 0x41)]));
  return { status, abort: () => req.destroy() };
}

/** Resolves with the promise's value, or with 'no answer' if it takes longer than `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'no answer'> {
  return Promise.race([
    promise,
    new Promise<'no answer'>((resolve) => setTimeout(() => resolve('no answer'), ms)),
  ]);
}

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
      // The 2020 layout (config/examples/): a unit other than the Office handles conduct complaints and
      // the Office is informed, which is what finding 2 is about.
      tableFile: fileURLToPath(new URL('../../config/examples/departments-2020.json', import.meta.url)),
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
    it('gets its own notice: no answer link and no complainant identity; the link goes to the reviewing unit only', async () => {
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
      // Issue 16: a conduct complainant is confidential, the handling unit included.
      expect(handling!.text)
        .to.match(/\/answer\/[A-Za-z0-9_-]{43}/)
        .and.to.contain('Người phản ánh đề nghị giữ bí mật')
        .and.not.to.contain('Đặng Văn Khiếu');
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

  describe('6. uploads on the answer form', () => {
    it('refuses a bad form guard before reading the upload', async () => {
      const seeded = await seedAssignedTicket(secret);
      const client = new AnswerPageClient(base, seeded.token);
      await client.open();
      const forged = startSlowUpload(
        `${base}/answer/${seeded.token}/answer?csrf=forged`,
        client.cookieHeader,
      );
      try {
        expect(await within(forged.status, 10_000)).to.equal(403);
      } finally {
        forged.abort();
      }
    });

    it('takes at most two uploads at a time per link (a double click), not eight', async () => {
      const seeded = await seedAssignedTicket(secret);
      const client = new AnswerPageClient(base, seeded.token);
      await client.open();
      const path = `${base}/answer/${seeded.token}/answer?csrf=${encodeURIComponent(client.csrf)}`;
      const held = [startSlowUpload(path, client.cookieHeader), startSlowUpload(path, client.cookieHeader)];
      try {
        // Two are being read (no answer yet); a third on the same link is refused at once.
        await waitUntil(async () => {
          const third = startSlowUpload(path, client.cookieHeader);
          try {
            return (await within(third.status, 2_000)) === 429;
          } finally {
            third.abort();
          }
        });
        for (const upload of held) expect(await within(upload.status, 100)).to.equal('no answer');
      } finally {
        for (const upload of held) upload.abort();
      }
      // Once those uploads are gone, the link takes an answer again.
      await waitUntil(async () => {
        const answered = await client.postAnswer({
          text: 'Đã xử lý.',
          name: 'Trần Thị Mai',
          position: 'Chuyên viên',
        });
        return answered.status === 303;
      });
      expect((await Ticket.findById(seeded.ticketId).lean())?.status).to.equal('answered');
    });
  });

  describe('7. dates far outside any calendar', () => {
    const YEAR_MESSAGE = 'Năm phải trong khoảng 2000–2100.';

    it('refuses a statistics period in year 9999 before building a calendar for it', async () => {
      const chief = await createStaff(
        { name: 'Trần Văn Bình', email: 'chief7@attack.test', role: 'chief' },
        new Date(),
      );
      const response = await api(base, 'GET', '/api/v1/stats?from=9999-01-01&to=9999-12-31', {
        token: chief.token,
      });
      expect(response.status).to.equal(400);
      expect(response.body.error.details).to.deep.include({ path: 'from', message: YEAR_MESSAGE });
    });

    it('refuses far-off instants in the list filter and in the intake receivedAt', async () => {
      const list = await api(
        base,
        'GET',
        `/api/v1/tickets?from=${encodeURIComponent('9999-01-01T00:00:00Z')}`,
        {
          token: operatorToken,
        },
      );
      expect(list.status).to.equal(400);
      expect(list.body.error.details).to.deep.include({ path: 'from', message: YEAR_MESSAGE });
      const before = await Ticket.countDocuments();
      const created = await api(base, 'POST', '/api/v1/tickets', {
        token: operatorToken,
        body: ticketBody({ receivedAt: '0001-01-01T00:00:00Z' }),
      });
      expect(created.status).to.equal(400);
      expect(created.body.error.details).to.deep.include({ path: 'receivedAt', message: YEAR_MESSAGE });
      expect(await Ticket.countDocuments()).to.equal(before);
    });

    it('refuses an extension to 9999-12-31 as too far, and records no request', async () => {
      const seeded = await seedAssignedTicket(secret);
      const client = new AnswerPageClient(base, seeded.token);
      await client.open();
      const response = await client.postForm('extension', {
        reason: 'Cần thêm thời gian.',
        name: 'Trần Thị Mai',
        position: 'Chuyên viên',
        proposedDate: '9999-12-31',
      });
      expect(response.status).to.equal(400);
      expect(await response.text()).to.contain('60 ngày');
      expect((await Ticket.findById(seeded.ticketId).lean())?.extensionRequest?.decision).to.equal(undefined);
    });
  });

  describe('10. malformed input that used to be a 500', () => {
    it('answers a CR/LF inside a multipart filename with 400 naming the attachments, and records nothing', async () => {
      const seeded = await seedAssignedTicket(secret);
      const client = new AnswerPageClient(base, seeded.token);
      await client.open();
      const boundary = 'hotline-crlf';
      const field = (name: string, value: string) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
      const body =
        field('csrf', client.csrf) +
        field('formId', client.formId) +
        field('text', 'Đã xử lý.') +
        field('name', 'Trần Thị Mai') +
        field('position', 'Chuyên viên') +
        `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="tra\r\nloi.pdf"\r\n` +
        `Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--${boundary}--\r\n`;
      const response = await fetch(
        `${base}/answer/${seeded.token}/answer?csrf=${encodeURIComponent(client.csrf)}`,
        {
          method: 'POST',
          headers: {
            cookie: client.cookieHeader,
            accept: 'text/html',
            'content-type': `multipart/form-data; boundary=${boundary}`,
          },
          body,
        },
      );
      expect(response.status).to.equal(400);
      const html = await response.text();
      expect(html).to.contain('Tệp đính kèm không đọc được');
      expect(html).not.to.match(/at .+\.(ts|js):\d+/);
      expect((await Ticket.findById(seeded.ticketId).lean())?.status).to.equal('assigned');
    });

    it('answers a list cursor holding an out-of-range time with 400 naming the cursor', async () => {
      const cursor = Buffer.from(JSON.stringify([9e15, 'a'.repeat(24)])).toString('base64url');
      const response = await api(base, 'GET', `/api/v1/tickets?cursor=${cursor}`, { token: operatorToken });
      expect(response.status).to.equal(400);
      expect(response.body.error.details[0].path).to.equal('cursor');
      expect(response.body.error.details[0].message).to.contain('Con trỏ phân trang không hợp lệ');
    });
  });

  describe('12. invisible format characters in names', () => {
    const RLO = '\u202E';

    it('strips them from an attachment name, so “gpj.exe”-style tricks show as typed', async () => {
      const seeded = await seedAssignedTicket(secret);
      const client = new AnswerPageClient(base, seeded.token);
      await client.open();
      const answered = await client.postAnswer(
        { text: 'Đã xử lý.', name: 'Trần Thị Mai', position: 'Chuyên viên' },
        [{ name: `hoa-don${RLO}fdp.exe\u200B.pdf`, bytes: PDF_BYTES }],
      );
      expect(answered.status).to.equal(303);
      const page = await (await fetch(`${base}/answer/${seeded.token}`)).text();
      expect(page).to.contain('hoa-donfdp.exe.pdf');
      expect(page).not.to.contain(RLO);
      const stored = await Ticket.findById(seeded.ticketId).lean();
      const names = JSON.stringify(stored?.answer);
      expect(names).not.to.match(/[\u202E\u200B]/);
    });

    it('strips them from people’s names typed at intake and on the answer form', async () => {
      const created = await api(base, 'POST', '/api/v1/tickets', {
        token: operatorToken,
        body: ticketBody({ citizen: { name: `Võ Thị${RLO} Hồng\u2066`, phone: '0912 345 678' } }),
      });
      expect(created.status).to.equal(201);
      expect(created.body.citizen.name).to.equal('Võ Thị Hồng');
      const seeded = await seedAssignedTicket(secret);
      const client = new AnswerPageClient(base, seeded.token);
      await client.open();
      await client.postAnswer({
        text: 'Đã xử lý.',
        name: `Trần${RLO} Thị Mai`,
        position: 'Chuyên\u200Bviên',
      });
      const stored = await Ticket.findById(seeded.ticketId).lean();
      expect(stored?.answer).to.deep.include({
        responderName: 'Trần Thị Mai',
        responderPosition: 'Chuyênviên',
      });
    });
  });
});
