import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { launchChromium } from '../support/browser.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';
import { accessibilityViolations } from '../support/axe.js';

const SCREENSHOTS = 'test-output/screenshots';
const ADMIN_EMAIL = 'quantri@admin-settings-e2e.test';
// Thursday 9 September 2027, 09:00 in Vietnam.
const NOW = new Date('2027-09-09T02:00:00Z');

describe('administration pages in a browser: procedures, SLA spans, staff accounts, calendar import', function () {
  this.timeout(180_000);
  let pipeline: Pipeline;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const clock = () => NOW;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    pipeline = await startPipeline('admin-settings-e2e', { http: true, workers: true, clock });
    await createStaff({ name: 'Lê Thị Quản Trị', email: ADMIN_EMAIL, role: 'admin' }, NOW);
    browser = await launchChromium();
    // JavaScript off: every admin page must work as plain HTML forms.
    context = await browser.newContext({
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      javaScriptEnabled: false,
    });
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    await pipeline?.stop();
  });

  const url = (path: string) => `${pipeline.service.url}${path}`;
  const domain = () => pipeline.service.ctx.domain;

  it('logs the administrator in by the e-mailed link', async () => {
    await page.goto(url('/admin/staff'));
    await page.fill('#login-email', ADMIN_EMAIL);
    await page.click('button:has-text("Gửi đường dẫn đăng nhập")');
    const [mail] = await pipeline.mail.waitFor((m) => m.to.includes(ADMIN_EMAIL), { timeoutMs: 15_000 });
    const token = /\/monitor\/login\/([A-Za-z0-9_-]{43})/.exec(mail!.text)?.[1];
    await page.goto(url(`/monitor/login/${token}`));
    await page.click('#confirm-login');
    await page.waitForSelector('h1:has-text("Tài khoản cán bộ")');
  });

  it('adds a procedure, and refuses one without a unit', async () => {
    await page.goto(url('/admin/procedures'));
    await page.$eval('#new-unit', (select) => select.removeAttribute('required'));
    await page.fill('#new-code', 'DT-VH-77');
    await page.fill('#new-name', 'Cấp phép triển lãm');
    await page.click('button:has-text("Thêm thủ tục")');
    expect(await page.locator('#admin-error').innerText()).to.contain('Cần chọn đơn vị xử lý');
    await page.selectOption('#new-unit', 'QLVH');
    await page.click('button:has-text("Thêm thủ tục")');
    await page.waitForSelector('#admin-saved');
    expect(await page.locator('#procedure-DT-VH-77').count()).to.equal(1);
  });

  it('changes the normal reply span, and refuses a zero one', async () => {
    await page.goto(url('/admin/sla'));
    await page.fill('#normal-amount', '0');
    await page.click('button:has-text("Lưu thời hạn trả lời")');
    expect(await page.locator('#admin-error').innerText()).to.contain('cần một số dương');
    await page.fill('#normal-amount', '7');
    await page.click('button:has-text("Lưu thời hạn trả lời")');
    await page.waitForSelector('#admin-saved');
    expect(await page.locator('#sla-summary').innerText()).to.contain('7 ngày làm việc');
    expect(domain().policy.deadlines.normal).to.deep.equal({ workingDays: 7 });
  });

  it('adds a staff account and shows its token once', async () => {
    await page.goto(url('/admin/staff'));
    await page.fill('#new-name', 'Trần Văn Tổng Đài');
    await page.fill('#new-email', 'tongdai@admin-settings-e2e.test');
    await page.selectOption('#new-role', 'operator');
    await page.fill('#new-expires', '90d');
    await page.click('button:has-text("Tạo tài khoản")');
    const secret = await page.inputValue('#secret-token');
    expect(secret).to.match(/^hl_[A-Za-z0-9_-]{43}$/);
    await page.setViewportSize({ width: 360, height: 900 });
    await page.screenshot({ path: `${SCREENSHOTS}/admin-staff-new-token-360.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url('/admin/staff'));
    expect(await page.content()).to.not.contain(secret);
    expect(await page.locator('#accounts').innerText()).to.contain(secret.slice(0, 11));
  });

  it('imports the 2028 calendar from an uploaded CSV file', async () => {
    const file = join(tmpdir(), `lich-2028-${process.pid}.csv`);
    writeFileSync(
      file,
      '2028-01-01,nghỉ,Tết Dương lịch\n2028-09-02,nghỉ,Quốc khánh\n2028-09-09,làm bù,Làm bù cho thứ Sáu 01/09,2028-09-01\n',
    );
    await page.goto(url('/admin/calendar?year=2028'));
    await page.setInputFiles('#import-file', file);
    await page.click('button:has-text("Nhập lịch năm 2028")');
    expect(await page.locator('#admin-error').innerText()).to.contain('Cần nhập nguồn');
    await page.setInputFiles('#import-file', file);
    await page.fill('#import-source', 'Thông báo lịch nghỉ năm 2028 (thử nghiệm)');
    await page.click('button:has-text("Nhập lịch năm 2028")');
    await page.waitForSelector('#admin-saved');
    expect(await page.locator('#make-up-days').innerText()).to.contain('2028-09-09');
    expect(await page.locator('#days-off').innerText()).to.contain('2028-09-01');
  });

  it('renders each new admin page at 360 and 1280 px without sideways scrolling or axe violations', async () => {
    const withAxe = await browser.newContext({
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      bypassCSP: true,
    });
    await withAxe.addCookies(await context.cookies());
    for (const [path, name] of [
      ['/admin/procedures', 'admin-procedures'],
      ['/admin/sla', 'admin-sla'],
      ['/admin/staff', 'admin-staff'],
      ['/admin/calendar?year=2028', 'admin-calendar-import'],
    ] as const) {
      for (const width of [360, 1280]) {
        const shot = await withAxe.newPage();
        await shot.setViewportSize({ width, height: 900 });
        const response = await shot.goto(url(path));
        expect(response?.status(), path).to.equal(200);
        const overflow = await shot.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${name} at ${width}px scrolls sideways`).to.be.at.most(0);
        expect(await accessibilityViolations(shot), `${name} at ${width}px`).to.deep.equal([]);
        await shot.screenshot({ path: `${SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
        await shot.close();
      }
    }
    await withAxe.close();
  });
});
