import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { addDays } from '../../shared/time/local-date.js';
import { localDateOf } from '../../shared/time/vietnam-time-zone.js';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { PDF_BYTES } from '../support/answer-client.js';
import { api, ticketBody } from '../support/intake-service.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';
import { waitUntil } from '../support/wait.js';

const SCREENSHOTS = 'test-output/screenshots';
const WIDTHS = [360, 1280] as const;
describe('answer pages in a browser: from the e-mailed link to the answer', function () {
  this.timeout(120_000);
  let pipeline: Pipeline;
  let browser: Browser;
  let dataDir: string;
  let operatorToken: string;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = await mkdtemp(join(tmpdir(), 'hotline-answer-e2e-'));
    pipeline = await startPipeline('answer-e2e', {
      http: true,
      workers: true,
      config: { DATA_DIR: dataDir },
    });
    operatorToken = (
      await createStaff(
        { name: 'Nguyễn Thị Lan', email: 'operator@answer-e2e.test', role: 'operator' },
        new Date(),
      )
    ).token;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await pipeline?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Logs a call through the operator API, lets the route and notify workers run, and returns the e-mailed link. */
  async function ticketLinkFromEmail(
    overrides: Record<string, unknown>,
    unitEmail: string,
  ): Promise<{ url: string; ticketId: string }> {
    const created = await api(pipeline.service.url!, 'POST', '/api/v1/tickets', {
      token: operatorToken,
      body: ticketBody(overrides),
    });
    expect(created.status).to.equal(201);
    const [mail] = await pipeline.mail.waitFor(
      (m) => m.to.includes(unitEmail) && m.subject.includes(created.body.code),
      {
        timeoutMs: 30_000,
      },
    );
    const token = /\/answer\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(mail!.text)?.[1];
    expect(token, `answer link in the e-mail:\n${mail!.text}`).to.be.a('string');
    // The e-mail points at PUBLIC_BASE_URL; the test service listens on a random port.
    return { url: `${pipeline.service.url}/answer/${token}`, ticketId: created.body.id };
  }

  /** A screenshot at each width, checking that a 360-px phone needs no sideways scrolling. */
  async function screenshots(
    url: string,
    name: string,
    prepare?: (page: Page) => Promise<void>,
  ): Promise<void> {
    for (const width of WIDTHS) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, locale: 'vi-VN' });
      await page.goto(url);
      await prepare?.(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} at ${width}px scrolls sideways`).to.be.at.most(0);
      await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
      await page.close();
    }
  }

  it('answers a ticket with an attachment, then shows the recorded answer', async () => {
    const { url, ticketId } = await ticketLinkFromEmail(
      {
        category: 'heritage',
        subject: 'Di tích Gò Tháp xuống cấp',
        content: 'Tường rào khu di tích bị sập một đoạn, đề nghị kiểm tra.\n<b>Gấp</b>',
      },
      'quanly.disan@example.gov.vn',
    );
    await screenshots(url, 'answer-ticket');

    const page = await browser.newPage({ viewport: { width: 360, height: 900 }, locale: 'vi-VN' });
    await page.goto(url);
    expect(await page.locator('h1').innerText()).to.equal('Di tích Gò Tháp xuống cấp');
    expect(await page.locator('.content').first().innerText()).to.contain('<b>Gấp</b>');
    await page.fill(
      '#answer-text',
      'Phòng đã cử cán bộ kiểm tra ngày 02/12; Ban quản lý di tích sẽ sửa tường rào trong tháng này.',
    );
    await page.fill('#answer-name', 'Trần Thị Mai');
    await page.fill('#answer-position', 'Trưởng phòng Quản lý Di sản');
    await page.setInputFiles('#answer-files', {
      name: 'Biên bản kiểm tra.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(PDF_BYTES),
    });
    await page.click('button:has-text("Gửi trả lời")');
    await page.waitForSelector('text=Đã ghi nhận trả lời của đơn vị');
    expect(await page.locator('form').count()).to.equal(0);
    expect(await page.locator('a[download]').innerText()).to.equal('Biên bản kiểm tra.pdf');
    await page.close();
    await screenshots(url, 'answer-recorded');

    const stored = await Ticket.findById(ticketId).lean();
    expect(stored?.status).to.equal('answered');
    await pipeline.mail.waitFor(
      (m) => m.to.includes(pipeline.config.OPERATORS_EMAIL) && m.subject.includes(stored!.code),
      {
        timeoutMs: 20_000,
      },
    );
  });

  it('says "not ours" and suggests another unit', async () => {
    const { url, ticketId } = await ticketLinkFromEmail(
      {
        category: 'library',
        subject: 'Đề nghị tổ chức giải bóng đá thiếu niên',
        content: 'Xin hỏi thủ tục tổ chức giải bóng đá cho thiếu niên xã.',
      },
      'thuvien@example.gov.vn',
    );
    await screenshots(url, 'transfer-form', (page) =>
      page.click('summary:has-text("Không thuộc thẩm quyền")'),
    );

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    await page.goto(url);
    await page.click('summary:has-text("Không thuộc thẩm quyền")');
    await page.fill(
      '#transfer-reason',
      'Nội dung về thể thao quần chúng, không thuộc chức năng của Thư viện tỉnh.',
    );
    await page.selectOption('#transfer-unit', 'TDTT');
    await page.fill('#transfer-name', 'Lê Văn Tâm');
    await page.fill('#transfer-position', 'Phó Giám đốc Thư viện');
    await page.click('button:has-text("Gửi đề nghị chuyển phiếu")');
    await page.waitForSelector('text=Đã gửi đề nghị chuyển phiếu đến Chánh Văn phòng Sở');
    await page.close();
    await screenshots(url, 'transfer-requested');

    await waitUntil(async () => (await Ticket.findById(ticketId).lean())?.status === 'transfer_requested');
    await pipeline.mail.waitFor(
      (m) => m.to.includes('chanh.vanphong@example.gov.vn') && m.subject.includes('đề nghị chuyển phiếu'),
      {
        timeoutMs: 20_000,
      },
    );
  });

  it('asks for more time', async () => {
    const { url, ticketId } = await ticketLinkFromEmail(
      {
        category: 'tourism',
        subject: 'Điểm du lịch thu phí cao',
        content: 'Khu du lịch thu phí gửi xe 50.000 đồng, cao hơn niêm yết.',
      },
      'quanly.dulich@example.gov.vn',
    );
    const deadline = (await Ticket.findById(ticketId).lean())!.assignment!.deadline;
    const calendar = pipeline.service.ctx.domain.calendars.forUnit('QLDL');
    let date = addDays(localDateOf(deadline), 5);
    while (!calendar.isWorkingDay(date)) date = addDays(date, 1);

    const page = await browser.newPage({ viewport: { width: 360, height: 900 }, locale: 'vi-VN' });
    await page.goto(url);
    await page.click('summary:has-text("Xin gia hạn")');
    await page.fill('#extension-reason', 'Cần phối hợp với UBND xã kiểm tra thực tế tại khu du lịch.');
    await page.fill('#extension-date', date);
    await page.fill('#extension-name', 'Phạm Quốc Việt');
    await page.fill('#extension-position', 'Trưởng phòng Quản lý Du lịch');
    await page.screenshot({ path: `${SCREENSHOTS}/extension-form-360.png`, fullPage: true });
    await page.click('button:has-text("Gửi đề nghị gia hạn")');
    await page.waitForSelector('text=Đã gửi đề nghị gia hạn đến Chánh Văn phòng Sở');
    await page.close();
    await screenshots(url, 'extension-requested');

    const stored = await Ticket.findById(ticketId).lean();
    expect(stored?.extensionRequest?.decision).to.equal('pending');
    expect(stored?.assignment?.deadline).to.deep.equal(deadline);
  });

  it('shows a friendly Vietnamese page for a wrong link', async () => {
    await screenshots(`${pipeline.service.url}/answer/${'x'.repeat(43)}`, 'link-not-found');
    const page = await browser.newPage();
    const response = await page.goto(`${pipeline.service.url}/answer/${'x'.repeat(43)}`);
    expect(response?.status()).to.equal(404);
    expect(await page.locator('h1').innerText()).to.equal('Không tìm thấy trang');
    await page.close();
  });
});
