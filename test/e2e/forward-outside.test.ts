import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { localDateOf } from '../../shared/time/vietnam-time-zone.js';
import { seedAssignedTicket } from '../support/assigned-ticket.js';
import { accessibilityViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';
import { DESTINATION_WITH_MAIL, writeDestinationsFile } from '../support/forward-fixtures.js';
import { monitorStaff, type MonitorStaff } from '../support/monitor-client.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';

const SCREENSHOTS = 'test-output/screenshots';
const WIDTHS = [360, 1280] as const;
const DAY_MS = 24 * 3600_000;

describe('the Office Chief in a browser: a complex ticket (level 3) and a forwarding outside the Department', function () {
  this.timeout(120_000);
  let pipeline: Pipeline;
  let browser: Browser;
  let context: BrowserContext;
  let chief: MonitorStaff;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    pipeline = await startPipeline('forward-e2e', {
      http: true,
      config: { DESTINATIONS_FILE: writeDestinationsFile() },
    });
    chief = await monitorStaff('chief', 'Trần Văn Bình', 'chief@forward-e2e.test');
    browser = await launchChromium();
    context = await browser.newContext({
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      // Only so axe-core can be injected; the pages' own CSP is tested elsewhere.
      bypassCSP: true,
    });
    const host = new URL(pipeline.service.url!).hostname;
    await context.addCookies([
      { name: 'hl_monitor_session', value: chief.cookie.split('=')[1]!, domain: host, path: '/' },
    ]);
  });
  after(async () => {
    await browser?.close();
    await pipeline?.stop();
  });

  /** The page at each width: no sideways scrolling at 360 px, a screenshot, no axe-core violation. */
  async function check(page: Page, name: string): Promise<void> {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      // The dashboard's charts redraw for the new width a moment after it changes.
      await page
        .waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, null, {
          timeout: 3000,
        })
        .catch(() => undefined);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} at ${width}px scrolls sideways`).to.be.at.most(0);
      await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
      expect(await accessibilityViolations(page), `${name} at ${width}px`).to.deep.equal([]);
    }
  }

  it('marks one ticket complex and forwards a triage ticket to a provincial body through the plain forms of the page', async () => {
    const url = pipeline.service.url!;
    const page = await context.newPage();

    // A ticket a unit handles: the Office Chief marks it complex.
    const handled = await seedAssignedTicket(pipeline.config.LINK_SECRET, {
      unitCode: 'QLVH',
      deadline: new Date(Date.now() + 3 * DAY_MS),
    });
    await page.goto(`${url}/monitor/tickets/${handled.code}`);
    expect(await page.locator('#ticket-level').innerText()).to.contain('Mức 2');
    await page.click('#complex summary');
    await page.fill('#complex-reason', 'Nhiều cơ quan liên quan, cần xác minh tại chỗ.');
    await check(page, 'monitor-ticket-complex-form');
    await page.click('#complex-submit');
    await page.waitForSelector('#action-done');
    expect(await page.locator('#ticket-level').innerText()).to.contain('Mức 3 – phức tạp');
    expect(await page.locator('#history').innerText()).to.contain('Xác định vụ việc phức tạp (mức 3)');

    // A ticket with the Office for triage: forwarded to the Department of Health.
    const triage = await seedAssignedTicket(pipeline.config.LINK_SECRET, {
      unitCode: pipeline.service.ctx.domain.table.triageUnit,
      deadline: new Date(Date.now() + 3 * DAY_MS),
      fields: { subject: 'Cơ sở karaoke bán thực phẩm không rõ nguồn gốc' },
    });
    await page.goto(`${url}/monitor/tickets/${triage.code}`);
    await page.click('#forward summary');
    await page.selectOption('#forward-destination', DESTINATION_WITH_MAIL.code);
    await page.fill('#forward-note', 'Nội dung về an toàn thực phẩm thuộc thẩm quyền Sở Y tế.');
    await check(page, 'monitor-ticket-forward-form');
    await page.click('#forward-submit');
    await page.waitForSelector('#action-done');
    expect(await page.locator('#ticket-status').innerText()).to.contain('Đã chuyển ra ngoài Sở');
    expect(await page.locator('#forwarding-days').innerText()).to.contain(
      'ngày làm việc kể từ khi tiếp nhận',
    );
    expect(await page.locator('#history').innerText()).to.contain('Chuyển phiếu ra ngoài Sở (đóng phiếu)');
    await check(page, 'monitor-ticket-forwarded');
    const [mail] = await pipeline.mail.waitFor(
      (m) => m.headers['x-hotline-ticket'] === triage.code && m.to.includes(DESTINATION_WITH_MAIL.email),
      { timeoutMs: 15_000 },
    );
    expect(mail!.subject).to.contain('Cơ sở karaoke bán thực phẩm không rõ nguồn gốc');
    expect((await Ticket.findById(triage.ticketId).lean())!.status).to.equal('closed');

    // The dashboard counts the forwarding among the tickets received in its period: asked from the
    // day the ticket was received, so a run crossing midnight into a new month still finds it.
    const received = (await Ticket.findById(triage.ticketId).lean())!.receivedAt;
    await page.goto(`${url}/monitor?from=${localDateOf(received)}`);
    expect(await page.locator('#forwarded-summary').innerText()).to.contain('Chuyển ra ngoài Sở: 1');
    await check(page, 'monitor-dashboard-levels');
  });
});
