import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';
import { api, startIntakeService, ticketBody, type IntakeService } from '../support/intake-service.js';

const SCREENSHOTS = 'test-output/screenshots';

describe('the citizen look-up page in a browser', function () {
  this.timeout(90_000);
  let svc: IntakeService;
  let browser: Browser;
  let code: string;

  before(async () => {
    svc = await startIntakeService('lookup-e2e', { TRUST_PROXY: '1' });
    const created = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      body: ticketBody(),
    });
    code = created.body.code;
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await svc?.stop();
  });

  async function openPage(
    width: number,
    options: { javaScript?: boolean; client?: string } = {},
  ): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height: 800 },
      locale: 'vi-VN',
      bypassCSP: true,
      javaScriptEnabled: options.javaScript ?? true,
      extraHTTPHeaders: { 'X-Forwarded-For': options.client ?? `198.18.0.${width % 250}` },
    });
    const page = await context.newPage();
    await page.goto(`${svc.url}/tra-cuu`);
    return page;
  }

  async function lookUp(page: Page, ticketCode: string, lastFour: string): Promise<void> {
    await page.getByLabel('Mã phản ánh').fill(ticketCode);
    await page.getByLabel('4 chữ số cuối số điện thoại').fill(lastFour);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Tra cứu' }).click()]);
    await page.locator('h1').waitFor();
  }

  for (const width of [360, 1280]) {
    it(`shows the status for the right code and digits, without horizontal scrolling and axe-clean (${width} px)`, async () => {
      const page = await openPage(width);
      expect(await accessibilityViolations(page), 'the empty form').to.deep.equal([]);
      await lookUp(page, code, '5678');
      expect(await page.locator('#lookup-status').innerText()).to.equal(
        'Tổng đài đã tiếp nhận và đang chuyển đến đơn vị có thẩm quyền.',
      );
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(width);
      expect(await accessibilityViolations(page), 'the result').to.deep.equal([]);
      await page.screenshot({ path: `${SCREENSHOTS}/lookup-found-${width}.png`, fullPage: true });

      await lookUp(page, code, '0000');
      await page.locator('#lookup-not-found').waitFor();
      expect(await accessibilityViolations(page), 'not found').to.deep.equal([]);
      await page.screenshot({ path: `${SCREENSHOTS}/lookup-not-found-${width}.png`, fullPage: true });
      await page.context().close();
    });
  }

  it('works without JavaScript, and gives the same page for wrong digits as for an unknown code', async () => {
    const page = await openPage(360, { javaScript: false });
    await lookUp(page, code, '1234');
    const wrongDigits = await page.locator('main').innerText();
    await lookUp(page, '1022-2026-999999', '5678');
    const unknownCode = await page.locator('main').innerText();
    expect(wrongDigits).to.equal(unknownCode);
    expect(wrongDigits).to.contain('Không tìm thấy phản ánh với mã và số điện thoại này.');
    await lookUp(page, code, '5678');
    expect(await page.locator('#lookup-status').count()).to.equal(1);
    await page.context().close();
  });

  it('refuses the 31st wrong look-up from one client in 15 minutes', async () => {
    const page = await openPage(1280, { client: '198.18.1.1' });
    for (let i = 0; i < 30; i++) await lookUp(page, `1022-2026-${String(700000 + i)}`, '9999');
    await lookUp(page, `1022-2026-700031`, '9999');
    expect(await page.locator('h1').innerText()).to.equal('Không thực hiện được yêu cầu');
    expect(await page.locator('main').innerText()).to.contain('Quá nhiều yêu cầu');
    await page.context().close();
  });
});
