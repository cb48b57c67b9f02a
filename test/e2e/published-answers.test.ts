import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { seedAssignedTicket } from '../support/assigned-ticket.js';
import { accessibilityViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';
import { monitorStaff, type MonitorStaff } from '../support/monitor-client.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';

const SCREENSHOTS = 'test-output/screenshots';

describe('publishing an answer in a browser: the chief previews, citizens read /cong-khai', function () {
  this.timeout(90_000);
  let pipeline: Pipeline;
  let browser: Browser;
  let chief: MonitorStaff;
  let code: string;

  before(async () => {
    pipeline = await startPipeline('published-e2e', { http: true, workers: false });
    chief = await monitorStaff('chief', 'Trần Văn Bình', 'chief@published-e2e.test');
    const seeded = await seedAssignedTicket(pipeline.config.LINK_SECRET, {
      unitCode: 'TVT',
      fields: {
        category: 'library',
        subject: 'Thư viện tỉnh đóng cửa sớm',
        content:
          'Tôi là Nguyễn Văn An (0912 345 678). Thứ Bảy thư viện đóng cửa lúc 15:00 dù biển ghi 17:00.',
        status: 'answered',
        answer: {
          text: 'Thư viện đã điều chỉnh lịch trực; từ tuần này mở cửa đến 17:00 thứ Bảy.',
          answeredAt: new Date(),
          assignmentNo: 1,
          unitCode: 'TVT',
          onTime: true,
        },
      },
    });
    code = seeded.code;
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await pipeline?.stop();
  });

  async function chiefPage(width: number): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      locale: 'vi-VN',
      bypassCSP: true,
    });
    const [name, value] = chief.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: pipeline.service.url! }]);
    return context.newPage();
  }

  it('publishes from the preview at 360 px, without JavaScript in the public list, axe-clean at both widths', async () => {
    const page = await chiefPage(360);
    await page.goto(`${pipeline.service.url}/monitor/tickets/${code}/publication`);
    expect(await page.locator('#removed').innerText()).to.contain('0912 345 678');
    expect(await page.locator('#publish-question').inputValue()).not.to.contain('0912');
    expect(await accessibilityViolations(page), 'preview').to.deep.equal([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(360);
    await page.screenshot({ path: `${SCREENSHOTS}/publication-preview-360.png`, fullPage: true });
    await page.click('#publish-submit');
    await page.locator('#publication-state').waitFor();
    await page.context().close();

    for (const width of [360, 1280]) {
      const context = await browser.newContext({
        viewport: { width, height: 900 },
        locale: 'vi-VN',
        bypassCSP: true,
        javaScriptEnabled: width === 360 ? false : true,
      });
      const reader = await context.newPage();
      await reader.goto(`${pipeline.service.url}/cong-khai`);
      const text = await reader.locator('main').innerText();
      expect(text).to.contain('mở cửa đến 17:00 thứ Bảy');
      expect(text).not.to.contain('0912').and.not.to.contain('Nguyễn Văn An');
      await reader.selectOption('#f-category', 'library');
      await Promise.all([reader.waitForLoadState('load'), reader.click('button:has-text("Lọc")')]);
      expect(reader.url()).to.contain('category=library');
      expect(await reader.locator('article.published').count()).to.equal(1);
      if (width === 1280) expect(await accessibilityViolations(reader), 'public list').to.deep.equal([]);
      expect(await reader.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(width);
      await reader.screenshot({ path: `${SCREENSHOTS}/published-${width}.png`, fullPage: true });
      await context.close();
    }
  });
});
