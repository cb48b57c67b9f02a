import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { enqueueRoute } from '../../shared/queue/enqueue.js';
import { localDateOf } from '../../shared/time/vietnam-time-zone.js';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { seedAssignedTicket } from '../support/assigned-ticket.js';
import { launchChromium } from '../support/browser.js';
import { secondsPolicy, seedReceivedTicket, startPipeline, type Pipeline } from '../support/pipeline.js';

const SCREENSHOTS = 'test-output/screenshots';
const WIDTHS = [360, 1280] as const;
const CHIEF_EMAIL = 'chanh.vanphong@monitor-e2e.test';
const DAY_MS = 24 * 3600_000;

describe('monitor dashboard in a browser: login by e-mail, escalation queue, acting, export', function () {
  this.timeout(120_000);
  let pipeline: Pipeline;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let lateCode: string;
  let lessLateCode: string;
  let extensionCode: string;
  let extensionTicketId: string;
  let proposed: Date;

  /** seedReceivedTicket's codes may end in hex letters, which are not ticket codes the pages accept. */
  async function giveRealCode(ticketId: string): Promise<string> {
    const code = `1022-2026-${String(randomInt(100000, 999999))}`;
    await Ticket.updateOne({ _id: ticketId }, { $set: { code } });
    return code;
  }

  /**
   * The Vietnamese date the first seeded ticket was received on: the export asks for that period, not
   * "this month" (a run at 23:55 on 31 December exports January), and not the date the seeding ran
   * (a ticket seeded just after midnight was received an hour before it).
   */
  let seededOn = '';

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    pipeline = await startPipeline('monitor-e2e', { http: true, policy: secondsPolicy() });
    await createStaff({ name: 'Trần Văn Bình', email: CHIEF_EMAIL, role: 'chief' }, new Date());

    // Two tickets escalate within seconds (seconds policy); the first is the later of the two.
    const first = await seedReceivedTicket({
      category: 'tourism',
      subject: 'Hướng dẫn viên thu phí sai quy định',
    });
    lateCode = await giveRealCode(first);
    await enqueueRoute(pipeline.service.ctx.queues, first);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const second = await seedReceivedTicket({ category: 'heritage', subject: 'Di tích Gò Tháp xuống cấp' });
    lessLateCode = await giveRealCode(second);
    await enqueueRoute(pipeline.service.ctx.queues, second);
    for (const code of [lateCode, lessLateCode]) {
      await pipeline.mail.waitFor(
        (m) => m.headers['x-hotline-ticket'] === code && m.messageId.includes('.escalate-1-1@'),
        {
          timeoutMs: 20_000,
        },
      );
    }

    // A unit asked for more time on another ticket.
    proposed = new Date(Date.now() + 9 * DAY_MS);
    const extension = await seedAssignedTicket(pipeline.config.LINK_SECRET, {
      unitCode: 'QLDL',
      deadline: new Date(Date.now() + 2 * DAY_MS),
      fields: {
        category: 'tourism',
        subject: 'Đề nghị kiểm tra giá dịch vụ tại khu du lịch',
        extensionRequest: {
          reason: 'Cần phối hợp với UBND xã để xác minh tại chỗ.',
          proposedDeadline: proposed,
          requestedAt: new Date(),
          requestedBy: 'Võ Thị Hồng (Trưởng phòng Quản lý Du lịch)',
          decision: 'pending',
        },
      },
    });
    extensionCode = extension.code;
    extensionTicketId = extension.ticketId;
    const received = await Ticket.find(
      { code: { $in: [lateCode, lessLateCode, extensionCode] } },
      { receivedAt: 1 },
    ).lean();
    seededOn = localDateOf(new Date(Math.min(...received.map((ticket) => ticket.receivedAt.getTime()))));

    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    });
    page = await context.newPage();
    page.on('console', (message) => {
      // A missing favicon is the layout's business, not a problem of these pages.
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico'))
        problems.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico'))
        problems.push(`${response.status()} ${response.url()}`);
    });
    page.on('pageerror', (error) => problems.push(error.message));
  });

  after(async () => {
    await browser?.close();
    await pipeline?.stop();
  });

  /** Full-page screenshots at each width with the logged-in session, checking that 360 px needs no sideways scrolling. */
  async function screenshots(path: string, name: string): Promise<void> {
    const context = page.context();
    for (const width of WIDTHS) {
      const shot = await context.newPage();
      await shot.setViewportSize({ width, height: 900 });
      await shot.goto(`${pipeline.service.url}${path}`);
      if (path === '/monitor') await shot.waitForSelector('#chart-daily', { state: 'visible' });
      const overflow = await shot.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} at ${width}px scrolls sideways`).to.be.at.most(0);
      await shot.screenshot({ path: `${SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
      await shot.close();
    }
  }

  it('logs in through the link e-mailed to the Office Chief', async () => {
    await page.goto(`${pipeline.service.url}/monitor`);
    await page.fill('#login-email', CHIEF_EMAIL);
    await page.click('button:has-text("Gửi đường dẫn đăng nhập")');
    await page.waitForSelector('#login-sent');
    const [mail] = await pipeline.mail.waitFor((m) => m.to.includes(CHIEF_EMAIL), { timeoutMs: 15_000 });
    const token = /\/monitor\/login\/([A-Za-z0-9_-]{43})/.exec(mail!.text)?.[1];
    expect(token, mail!.text).to.be.a('string');
    await page.goto(`${pipeline.service.url}/monitor/login/${token}`);
    await page.click('#confirm-login');
    await page.waitForSelector('h1:has-text("Theo dõi xử lý phản ánh, kiến nghị")');
    expect(await page.locator('.monitor-nav .who').innerText()).to.equal('Trần Văn Bình');
  });

  it('shows the most late escalated ticket at the top of the queue, with charts drawn under the CSP', async () => {
    const codes = await page.locator('#escalation-queue a.code').allInnerTexts();
    expect(codes.slice(0, 2)).to.deep.equal([lateCode, lessLateCode]);
    expect(await page.locator('#escalation-queue tbody tr').first().innerText()).to.contain('Cấp');
    await page.waitForSelector('#chart-daily', { state: 'visible' });
    const drawn = await page.evaluate(() => {
      const canvas = document.getElementById('chart-units') as HTMLCanvasElement;
      return canvas.width > 0 && canvas.height > 0;
    });
    expect(drawn).to.equal(true);
    await screenshots('/monitor', 'monitor-dashboard');
    await screenshots(`/monitor/tickets/${lateCode}`, 'monitor-ticket');
    expect(problems, 'console errors (a CSP violation would be one)').to.deep.equal([]);
  });

  it('reassigns the escalated ticket to another unit, which receives its e-mail', async () => {
    await Promise.all([
      page.waitForURL(`**/monitor/tickets/${lateCode}`),
      page.click(`#escalation-queue a.code:has-text("${lateCode}")`),
    ]);
    await page.waitForSelector('#history');
    await page.click('#reassign summary');
    await page.selectOption('#reassign-unit', 'QLDS');
    await page.fill('#reassign-reason', 'Nội dung liên quan đến di tích, giao Phòng Quản lý Di sản.');
    await page.click('#reassign-submit');
    await page.waitForSelector('#action-done');
    expect(await page.locator('#ticket-unit').innerText()).to.contain('Phòng Quản lý Di sản');
    expect(await page.locator('#history').innerText()).to.contain('Giao lại cho đơn vị khác');
    const [mail] = await pipeline.mail.waitFor(
      (m) => m.to.includes('quanly.disan@example.gov.vn') && m.headers['x-hotline-ticket'] === lateCode,
      { timeoutMs: 15_000 },
    );
    expect(mail!.messageId).to.contain('.assign-2@');
  });

  it('grants an extension request', async () => {
    await page.goto(`${pipeline.service.url}/monitor/tickets/${extensionCode}`);
    expect(await page.locator('#extension-request').innerText()).to.contain('Cần phối hợp với UBND xã');
    await screenshots(`/monitor/tickets/${extensionCode}`, 'monitor-ticket-extension');
    await page.fill('#extension-note', 'Đồng ý gia hạn.');
    await page.click('#extension-grant');
    await page.waitForSelector('#action-done');
    expect(await page.locator('#extension-request').count()).to.equal(0);
    const ticket = await Ticket.findById(extensionTicketId).lean();
    expect(ticket!.assignment!.deadline.getTime()).to.equal(proposed.getTime());
    expect(ticket!.extensionRequest!.decision).to.equal('granted');
    await pipeline.mail.waitFor(
      (m) => m.to.includes('quanly.dulich@example.gov.vn') && m.subject.includes('Chấp thuận gia hạn'),
      {
        timeoutMs: 15_000,
      },
    );
  });

  it('exports the report as XLSX, which reads back with one row per ticket and a summary per unit', async () => {
    await page.goto(`${pipeline.service.url}/monitor?from=${seededOn}&to=${localDateOf(new Date())}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
    expect(download.suggestedFilename()).to.match(
      /^bao-cao-1022-\d{4}-\d{2}-\d{2}-den-\d{4}-\d{2}-\d{2}\.xlsx$/,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.getWorksheet('Phiếu')!;
    expect(sheet.getRow(1).getCell(1).value).to.equal('Mã phiếu');
    const rows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row, number) => {
      if (number > 1) rows.set(String(row.getCell(1).value), row);
    });
    expect([...rows.keys()]).to.include.members([lateCode, lessLateCode, extensionCode]);
    const late = rows.get(lessLateCode)!;
    expect(late.getCell(4).value).to.equal('Phòng Quản lý Di sản');
    expect(late.getCell(7).value).to.equal('Đang quá hạn');
    expect(late.getCell(9).value).to.be.at.least(1);
    expect(late.getCell(2).value).to.be.instanceOf(Date);
    expect(
      rows.get(lateCode)!.getCell(9).value,
      'highest escalation level survives the reassignment',
    ).to.be.at.least(1);

    const summary = workbook.getWorksheet('Tổng hợp theo đơn vị')!;
    const units = new Map<string, ExcelJS.Row>();
    summary.eachRow((row, number) => {
      if (number > 1) units.set(String(row.getCell(1).value), row);
    });
    expect(units.get('Phòng Quản lý Di sản')!.getCell(5).value).to.be.at.least(1);
    expect(units.has('Phòng Quản lý Du lịch')).to.equal(true);
  });
});
