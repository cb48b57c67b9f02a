import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { api, startIntakeService, ticketBody, type IntakeService } from '../support/intake-service.js';
import { monitorFetch, monitorStaff, type MonitorStaff } from '../support/monitor-client.js';
import { waitUntil } from '../support/wait.js';
import { accessibilityViolations } from '../support/axe.js';

const SCREENSHOTS = 'test-output/screenshots';
const WIDTHS = [360, 1280] as const;

describe('admin access journal and citizen-data page in a browser', function () {
  this.timeout(120_000);
  let svc: IntakeService;
  let admin: MonitorStaff;
  let browser: Browser;
  let code: string;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    svc = await startIntakeService('journal-e2e');
    admin = await monitorStaff('admin', 'Đỗ Quản Trị', 'quantri@journal-e2e.test');
    const chief = await monitorStaff('chief', 'Hoàng Thu Trang', 'trang@journal-e2e.test');
    const created = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      body: ticketBody({ citizen: { name: 'Lý Thị Mai', phone: '0987 654 321' } }),
    });
    code = created.body.code;
    // Something to show: a chief's view of the ticket and an API read.
    await monitorFetch(svc.url, `/monitor/tickets/${code}`, { cookie: chief.cookie });
    await api(svc.url, 'GET', `/api/v1/tickets/${code}`, { token: svc.tokens.chief });
    await waitUntil(async () => {
      const log = await api(svc.url, 'GET', `/api/v1/access-log?ticket=${code}`, { token: admin.token });
      return log.body.items.length >= 2;
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await svc?.stop();
  });

  /** A browser of the logged-in admin; `javaScript: false` is how the pages must work, `true` only to run axe. */
  async function adminContext(javaScript: boolean): Promise<BrowserContext> {
    const context = await browser.newContext({
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      javaScriptEnabled: javaScript,
      // Only so axe-core can be injected; the pages' own CSP is tested elsewhere.
      bypassCSP: javaScript,
    });
    const sessionId = admin.cookie.split('=')[1]!;
    const { hostname } = new URL(svc.url);
    await context.addCookies([
      { name: 'hl_monitor_session', value: sessionId, domain: hostname, path: '/monitor' },
      { name: 'hl_audit_session', value: sessionId, domain: hostname, path: '/admin' },
    ]);
    return context;
  }

  it('filters the journal by ticket without JavaScript and shows who, when, from where', async () => {
    const context = await adminContext(false);
    const page = await context.newPage();
    await page.goto(`${svc.url}/admin/journal`);
    expect(await page.locator('h1').innerText()).to.equal('Nhật ký truy cập');
    await page.fill('#f-ticket', code);
    await page.selectOption('#f-actor', 'trang@journal-e2e.test');
    await page.click('button:has-text("Xem")');
    await page.waitForSelector('#journal');
    const rows = await page.locator('#journal tbody tr').allInnerTexts();
    expect(rows).to.have.length(1);
    expect(rows[0]).to.contain('Hoàng Thu Trang').and.contain('Chánh Văn phòng Sở');
    expect(rows[0])
      .to.contain('Xem thông tin người phản ánh')
      .and.contain(code)
      .and.match(/127\.0\.0\.1|::1/);
    await context.close();
  });

  for (const width of WIDTHS) {
    it(`journal and citizen-data pages at ${width} px: no sideways scrolling, no axe violation`, async () => {
      const context = await adminContext(true);
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${svc.url}/admin/journal`);
      await page.waitForSelector('#journal');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `journal at ${width}px scrolls sideways`).to.be.at.most(0);
      expect(await accessibilityViolations(page)).to.deep.equal([]);
      await page.screenshot({ path: `${SCREENSHOTS}/admin-journal-${width}.png`, fullPage: true });

      await page.goto(`${svc.url}/admin/citizen-data`);
      await page.fill('#c-phone', '0987.654.321');
      await page.click('button:has-text("Tìm")');
      await page.waitForSelector('#found-title');
      expect(await page.locator('#found-title').innerText()).to.equal('Tìm thấy 1 phiếu của +84987654321');
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(wide, `citizen data at ${width}px scrolls sideways`).to.be.at.most(0);
      expect(await accessibilityViolations(page)).to.deep.equal([]);
      await page.screenshot({ path: `${SCREENSHOTS}/admin-citizen-data-${width}.png`, fullPage: true });
      await context.close();
    });
  }

  it('exports and anonymises from the citizen-data page without JavaScript', async () => {
    const context = await adminContext(false);
    const page = await context.newPage();
    await page.goto(`${svc.url}/admin/citizen-data`);
    await page.fill('#c-phone', '0987 654 321');
    await page.click('button:has-text("Tìm")');
    await page.waitForSelector('#found-title');
    const download = await Promise.all([
      page.waitForEvent('download'),
      page.click('button:has-text("Trích xuất (trang HTML)")'),
    ]).then(([file]) => file);
    expect(download.suggestedFilename()).to.match(/^du-lieu-nguoi-dan-.*\.html$/);
    await page.click('button:has-text("Ẩn danh tất cả 1 phiếu")');
    await page.waitForSelector('#citizen-notice');
    expect(await page.locator('#citizen-notice').innerText()).to.equal(`Đã ẩn danh 1 phiếu: ${code}.`);
    await context.close();
    const view = await api(svc.url, 'GET', `/api/v1/tickets/${code}`, { token: svc.tokens.chief });
    expect(view.body.citizen.name).to.equal('Đã ẩn danh');
  });

  it('sends a browser without an admin session to the dashboard login', async () => {
    const page = await monitorFetch(svc.url, '/admin/journal');
    expect(page.status).to.equal(303);
    expect(page.headers.get('location')).to.equal('/monitor?next=%2Fadmin%2Fjournal');
  });
});
