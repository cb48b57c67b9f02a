import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { enqueueRoute } from '../../shared/queue/enqueue.js';
import { launchChromium } from '../support/browser.js';
import { monitorStaff, type MonitorStaff } from '../support/monitor-client.js';
import { seedReceivedTicket, startPipeline, type Pipeline } from '../support/pipeline.js';
import { accessibilityViolations } from '../support/axe.js';

const SCREENSHOTS = 'test-output/screenshots';
const WIDTHS = [360, 1280] as const;
const ANSWER_LINK = /\/answer\/([A-Za-z0-9_-]{43})/;

describe('one ticket in a browser: waiting on the citizen, then reopened after an unsatisfied call-back', function () {
  this.timeout(120_000);
  let pipeline: Pipeline;
  let browser: Browser;
  let context: BrowserContext;
  let operator: MonitorStaff;
  let chief: MonitorStaff;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    pipeline = await startPipeline('citizen-reopen-e2e', { http: true });
    operator = await monitorStaff('operator', 'Phạm Thu Trang', 'operator@citizen-reopen-e2e.test');
    chief = await monitorStaff('chief', 'Trần Văn Bình', 'chief@citizen-reopen-e2e.test');
    browser = await launchChromium();
    context = await browser.newContext({
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      // Only so axe-core can be injected; the pages' own CSP is tested elsewhere.
      bypassCSP: true,
    });
  });
  after(async () => {
    await browser?.close();
    await pipeline?.stop();
  });

  /** The page at each width: no sideways scrolling at 360 px, a screenshot, no axe-core violation. */
  async function check(page: Page, name: string): Promise<void> {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} at ${width}px scrolls sideways`).to.be.at.most(0);
      await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
      expect(await accessibilityViolations(page), `${name} at ${width}px`).to.deep.equal([]);
    }
  }

  it('walks the unit, the operator and the Office Chief through both side paths', async () => {
    const url = pipeline.service.url!;
    const ticketId = await seedReceivedTicket({
      category: 'sports',
      subject: 'Sân bóng xã thu phí không rõ ràng',
    });
    const code = `1022-2026-${String(randomInt(100000, 999999))}`;
    await Ticket.updateOne({ _id: ticketId }, { $set: { code } });
    await enqueueRoute(pipeline.service.ctx.queues, ticketId);
    const ofTicket = (m: { headers: Record<string, string> }) => m.headers['x-hotline-ticket'] === code;
    const [assign1] = await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.assign-1@'));
    const firstLink = `${url}/answer/${ANSWER_LINK.exec(assign1!.text)![1]}`;

    // The unit asks the citizen for more information.
    const unit = await context.newPage();
    await unit.goto(firstLink);
    await unit.click('summary:has-text("Cần người phản ánh bổ sung thông tin")');
    await unit.fill('#citizen-question', 'Đề nghị cho biết tên sân bóng và số biên lai đã thu.');
    await unit.fill('#citizen-name', 'Lê Thị Hoa');
    await unit.fill('#citizen-position', 'Chuyên viên');
    await unit.click('button:has-text("Gửi đề nghị bổ sung thông tin")');
    await unit.waitForSelector('#bo-sung-thong-tin');
    expect(await unit.textContent('body')).to.contain('Tạm dừng trong khi chờ người phản ánh');
    await check(unit, 'citizen-wait-unit');

    // The operator sees it in the queue and records what the citizen said.
    const desk = await context.newPage();
    await desk.goto(`${url}/operator`);
    await desk.fill('#f-token', operator.token);
    await desk.click('button:has-text("Đăng nhập")');
    await desk.waitForSelector(`#waiting-${code}`);
    await check(desk, 'citizen-wait-operator-queue');
    await desk.fill(`#reply-${code}`, 'Sân bóng Mỹ Hiệp, biên lai số 0123.');
    await desk.click(`#waiting-${code} button`);
    await desk.waitForSelector('#replied-notice');
    await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.citizen-info-received-1-'));

    // The unit sees the reply and answers.
    await unit.goto(firstLink);
    expect(await unit.textContent('#bo-sung-thong-tin')).to.contain('Sân bóng Mỹ Hiệp, biên lai số 0123.');
    await unit.fill('#answer-text', 'Phòng đã yêu cầu sân bóng Mỹ Hiệp niêm yết giá công khai.');
    await unit.fill('#answer-name', 'Lê Thị Hoa');
    await unit.fill('#answer-position', 'Chuyên viên');
    await unit.click('button:has-text("Gửi trả lời")');
    await unit.waitForSelector('#da-tra-loi');

    // The switchboard records an unsatisfied call-back.
    const callBack = await fetch(`${url}/api/v1/tickets/${code}/closure`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ calledBackAt: new Date().toISOString(), outcome: 'unsatisfied' }),
    });
    expect(callBack.status).to.equal(200);

    // The Office Chief reopens it to another unit.
    const host = new URL(url).hostname;
    await context.addCookies([
      { name: 'hl_monitor_session', value: chief.cookie.split('=')[1]!, domain: host, path: '/' },
    ]);
    const office = await context.newPage();
    await office.goto(`${url}/monitor/tickets/${code}`);
    await office.waitForSelector('#reopen-decision');
    await check(office, 'reopen-decision');
    const firstUnit = (await Ticket.findById(ticketId).lean())!.assignment!.unitCode;
    const other = pipeline.service.ctx.domain.table.units.find((u) => u.code !== firstUnit)!;
    await office.selectOption('#reopen-unit', other.code);
    await office.fill('#reopen-reason', 'Đề nghị kiểm tra lại tại hiện trường.');
    await office.click('#reopen-submit');
    await office.waitForSelector('#action-done');
    expect(await office.textContent('#history')).to.contain('Mở lại phiếu sau khi công dân chưa hài lòng');
    await check(office, 'reopened-ticket');

    // The new unit's page shows the first answer.
    const [assign2] = await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.assign-2@'));
    const second = await context.newPage();
    await second.goto(`${url}/answer/${ANSWER_LINK.exec(assign2!.text)![1]}`);
    expect(await second.textContent('#tra-loi-truoc')).to.contain('niêm yết giá công khai');
    await check(second, 'reopened-unit');
  });
});
