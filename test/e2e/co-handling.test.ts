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
import { SUPPORT_LINK } from '../support/support-client.js';

const SCREENSHOTS = 'test-output/screenshots';
const WIDTHS = [360, 1280] as const;
const ANSWER_LINK = /\/answer\/([A-Za-z0-9_-]{43})/;

describe('co-handling in a browser: the Office Chief names a supporting unit, it sends its input, the lead reads it', function () {
  this.timeout(120_000);
  let pipeline: Pipeline;
  let browser: Browser;
  let context: BrowserContext;
  let chief: MonitorStaff;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    pipeline = await startPipeline('co-handling-e2e', { http: true });
    chief = await monitorStaff('chief', 'Trần Văn Bình', 'chief@co-handling-e2e.test');
    browser = await launchChromium();
    // bypassCSP only so axe-core can be injected; the pages' own CSP is tested elsewhere.
    context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', bypassCSP: true });
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

  it('walks the Office Chief, the supporting unit and the lead unit through one co-handled ticket', async () => {
    const url = pipeline.service.url!;
    const ticketId = await seedReceivedTicket({ category: 'sports', subject: 'Nhà thi đấu xuống cấp' });
    const code = `1022-2026-${String(randomInt(100000, 999999))}`;
    await Ticket.updateOne({ _id: ticketId }, { $set: { code } });
    await enqueueRoute(pipeline.service.ctx.queues, ticketId);
    const ofTicket = (m: { headers: Record<string, string> }) => m.headers['x-hotline-ticket'] === code;
    const [assign] = await pipeline.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.assign-1@'));
    const leadCode = (await Ticket.findById(ticketId).lean())!.assignment!.unitCode;
    const helper = pipeline.service.ctx.domain.table.units.find((unit) => unit.code !== leadCode)!;

    // The Office Chief opens the form on the ticket page, ticks one unit and sends it.
    const host = new URL(url).hostname;
    await context.addCookies([
      { name: 'hl_monitor_session', value: chief.cookie.split('=')[1]!, domain: host, path: '/' },
    ]);
    const office = await context.newPage();
    await office.goto(`${url}/monitor/tickets/${code}`);
    await office.click('summary:has-text("Mời đơn vị phối hợp")');
    await check(office, 'co-handling-chief-form');
    await office.check(`input[name="unitCodes"][value="${helper.code}"]`);
    await office.fill('#support-note', 'Đề nghị cho ý kiến về kinh phí.');
    await office.click('#support-submit');
    await office.waitForSelector('#supports');
    expect(await office.textContent('#supports')).to.contain('Đang chờ ý kiến');

    // The supporting unit opens its link, sends its input, and sees it recorded.
    const [invitation] = await pipeline.mail.waitFor(
      (m) => ofTicket(m) && m.messageId.includes('.support-assign-1@'),
    );
    const supportPage = await context.newPage();
    await supportPage.goto(`${url}/answer/support/${SUPPORT_LINK.exec(invitation!.text)![1]}`);
    expect(await supportPage.textContent('body')).to.contain('Đề nghị cho ý kiến về kinh phí.');
    await check(supportPage, 'co-handling-support-form');
    await supportPage.fill('#input-text', 'Kinh phí sửa chữa đã được bố trí trong năm 2026.');
    await supportPage.fill('#input-name', 'Võ Minh Tâm');
    await supportPage.fill('#input-position', 'Chuyên viên');
    await supportPage.click('button:has-text("Gửi ý kiến phối hợp")');
    await supportPage.waitForSelector('#y-kien-da-gui');
    await check(supportPage, 'co-handling-support-sent');

    // The lead reads it on its answer page.
    const lead = await context.newPage();
    await lead.goto(`${url}/answer/${ANSWER_LINK.exec(assign!.text)![1]}`);
    expect(await lead.textContent('#y-kien-phoi-hop')).to.contain(
      'Kinh phí sửa chữa đã được bố trí trong năm 2026.',
    );
    await check(lead, 'co-handling-lead');

    // The Office Chief's page shows it in Vietnamese.
    await office.goto(`${url}/monitor/tickets/${code}`);
    expect(await office.textContent('#supports')).to.contain('Đã gửi ý kiến');
    expect(await office.textContent('#history')).to.contain('Đơn vị phối hợp gửi ý kiến');
    await check(office, 'co-handling-chief-ticket');
  });
});
