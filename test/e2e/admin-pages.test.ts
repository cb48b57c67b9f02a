import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { createTicketDomain } from '../../shared/tickets/ticket-domain.js';
import { localDateOf } from '../../shared/time/vietnam-time-zone.js';
import { startService, type RunningService } from '../../main/start-service.js';
import { launchChromium } from '../support/browser.js';
import { testMongoKind } from '../support/database.js';
import { api, ticketBody } from '../support/intake-service.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';
import { quietLogger } from '../support/quiet-logger.js';
import { accessibilityViolations } from '../support/axe.js';

const SCREENSHOTS = 'test-output/screenshots';
const ADMIN_EMAIL = 'quantri@admin-e2e.test';
const NEW_UNIT_EMAIL = 'baochi.moi@admin-e2e.test';
// Wednesday 8 September 2027, 09:00 in Vietnam: the 5 working days run Thu 9, Fri 10, the make-up
// Saturday 11 (added below), Mon 13, Tue 14; without that Saturday they would end on Wed 15.
const NOW = new Date('2027-09-08T02:00:00Z');

describe('administration pages in a browser: units, categories, calendar, history, restore', function () {
  this.timeout(180_000);
  let pipeline: Pipeline;
  let workers: RunningService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let operatorToken: string;
  const clock = () => NOW;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // The HTTP side alone; the workers run on a domain of their own, started before any change and
    // never restarted: they learn of the changes only through MongoDB, as another process would.
    pipeline = await startPipeline('admin-e2e', { http: true, workers: false, clock });
    workers = await startService({
      http: false,
      workers: true,
      config: pipeline.config,
      log: quietLogger(),
      domain: createTicketDomain({ warn: () => undefined }),
      clock,
      mongoKind: testMongoKind(),
    });
    await createStaff({ name: 'Lê Thị Quản Trị', email: ADMIN_EMAIL, role: 'admin' }, NOW);
    operatorToken = (
      await createStaff({ name: 'Điện thoại viên', email: 'dtv@admin-e2e.test', role: 'operator' }, NOW)
    ).token;
    browser = await launchChromium();
    // JavaScript off: every admin page must work as plain HTML forms. bypassCSP only lets axe-core in.
    context = await browser.newContext({
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      javaScriptEnabled: false,
    });
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    await workers?.stop();
    await pipeline?.stop();
  });

  const url = (path: string) => `${pipeline.service.url}${path}`;

  it('logs the administrator in by the e-mailed link and brings them back to /admin', async () => {
    await page.goto(url('/admin/units'));
    expect(new URL(page.url()).pathname).to.equal('/monitor');
    await page.fill('#login-email', ADMIN_EMAIL);
    await page.click('button:has-text("Gửi đường dẫn đăng nhập")');
    const [mail] = await pipeline.mail.waitFor((m) => m.to.includes(ADMIN_EMAIL), { timeoutMs: 15_000 });
    const token = /\/monitor\/login\/([A-Za-z0-9_-]{43})/.exec(mail!.text)?.[1];
    await page.goto(url(`/monitor/login/${token}`));
    await page.click('#confirm-login');
    await page.waitForSelector('h1:has-text("Đơn vị")');
    expect(new URL(page.url()).pathname).to.equal('/admin/units');
  });

  it('refuses invalid changes with a Vietnamese message and changes nothing', async () => {
    const versionBefore = pipeline.service.ctx.domain.version;
    // An e-mail that is not an address (the browser's own check is bypassed: the server decides).
    await page.goto(url('/admin/units'));
    await page.$eval('#email-BCXB', (input) => input.setAttribute('type', 'text'));
    await page.fill('#email-BCXB', 'không-phải-địa-chỉ');
    await page.click('button:has-text("Lưu đơn vị BCXB")');
    expect(await page.locator('#admin-error').innerText()).to.contain('Địa chỉ thư điện tử không hợp lệ');
    // A category with no unit.
    await page.goto(url('/admin/categories'));
    await page.$eval('#new-unit', (select) => select.removeAttribute('required'));
    await page.fill('#new-code', 'le_hoi_bien');
    await page.fill('#new-name', 'Lễ hội biển');
    await page.fill('#new-source', 'Quyết định thử nghiệm');
    await page.click('button:has-text("Thêm lĩnh vực")');
    expect(await page.locator('#admin-error').innerText()).to.contain('Cần chọn đơn vị xử lý');
    expect(await page.inputValue('#new-code')).to.equal('le_hoi_bien');
    // A calendar entry on a date already listed (1 September is a statutory day off).
    await page.goto(url('/admin/calendar?year=2027'));
    await page.fill('#off-date', '2027-09-01');
    await page.fill('#off-name', 'Trùng ngày');
    await page.fill('#off-source', 'Thử nghiệm');
    await page.click('button:has-text("Thêm ngày nghỉ")');
    expect(await page.locator('#admin-error').innerText()).to.contain('đã có trong lịch năm 2027');
    expect(pipeline.service.ctx.domain.version).to.equal(versionBefore);
    expect(pipeline.service.ctx.domain.unit('BCXB')?.email).to.equal('baochi.xuatban@example.gov.vn');
  });

  it('changes a unit’s e-mail, adds a category routed to it and the 2027 make-up Saturday', async () => {
    await page.goto(url('/admin/units'));
    await page.fill('#email-BCXB', NEW_UNIT_EMAIL);
    await page.click('button:has-text("Lưu đơn vị BCXB")');
    await page.waitForSelector('#admin-saved');

    await page.goto(url('/admin/categories'));
    await page.fill('#new-code', 'digital_ads');
    await page.fill('#new-name', 'Quảng cáo trên mạng xã hội');
    await page.selectOption('#new-unit', 'BCXB');
    await page.fill('#new-source', 'Quyết định giao việc của Giám đốc Sở (thử nghiệm)');
    await page.click('button:has-text("Thêm lĩnh vực")');
    await page.waitForSelector('#admin-saved');

    await page.goto(url('/admin/calendar?year=2027'));
    expect(await page.locator('#derived-note').count()).to.equal(1);
    await page.fill('#mu-date', '2027-09-11');
    await page.fill('#mu-replaces', '2027-09-03');
    await page.fill('#mu-name', 'Làm bù cho thứ Sáu 03/09/2027 (Quốc khánh)');
    await page.fill('#mu-source', 'Thông báo lịch nghỉ lễ năm 2027 (thử nghiệm)');
    await page.click('button:has-text("Thêm ngày làm bù")');
    await page.waitForSelector('#admin-saved');
    expect(await page.locator('#make-up-days').innerText()).to.contain('2027-09-11');
    expect(await page.locator('#days-off').innerText()).to.contain('2027-09-03');
  });

  it('routes and e-mails a ticket logged right after by the new rules, in workers never restarted', async () => {
    const created = await api(pipeline.service.url!, 'POST', '/api/v1/tickets', {
      token: operatorToken,
      body: ticketBody({ category: 'digital_ads', subject: 'Quảng cáo sai sự thật trên mạng xã hội' }),
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const [mail] = await pipeline.mail.waitFor(
      (m) => m.headers['x-hotline-ticket'] === created.body.code && m.to.includes(NEW_UNIT_EMAIL),
      { timeoutMs: 20_000 },
    );
    expect(mail!.text).to.contain('Quảng cáo trên mạng xã hội');
    const ticket = await Ticket.findOne({ code: created.body.code }).lean();
    expect(ticket?.assignment?.unitCode).to.equal('BCXB');
    expect(localDateOf(ticket!.assignment!.deadline)).to.equal('2027-09-14');
    expect(workers.ctx.domain.version).to.equal(pipeline.service.ctx.domain.version);
  });

  it('shows all three changes with who and when, and restoring the previous version undoes them', async () => {
    await page.goto(url('/admin/history'));
    const history = await page.locator('#versions').innerText();
    expect(history).to.contain(`thư điện tử baochi.xuatban@example.gov.vn → ${NEW_UNIT_EMAIL}`);
    expect(history).to.contain('Thêm lĩnh vực digital_ads');
    expect(history).to.contain('thêm ngày làm bù 2027-09-11');
    expect(history).to.contain('Lê Thị Quản Trị');
    expect(history).to.contain(ADMIN_EMAIL);
    expect(history).to.match(/08\/09\/2027/);

    const seedRow = page.locator('#version-1');
    await seedRow.locator('button:has-text("Khôi phục")').click();
    await page.waitForSelector('#admin-saved');
    expect(await page.locator('#versions').innerText()).to.contain('Khôi phục nội dung phiên bản 1');
    const domain = pipeline.service.ctx.domain;
    expect(domain.unit('BCXB')?.email).to.equal('baochi.xuatban@example.gov.vn');
    expect(domain.table.categories.some((category) => category.code === 'digital_ads')).to.equal(false);
    expect(domain.officialYears.has(2027)).to.equal(false);
    // The ticket keeps the unit and deadline it was given.
    const kept = await Ticket.findOne({ category: 'digital_ads' }).lean();
    expect(kept?.assignment?.unitCode).to.equal('BCXB');
    expect(localDateOf(kept!.assignment!.deadline)).to.equal('2027-09-14');
    // And the workers follow the restore for the next job.
    const refused = await api(pipeline.service.url!, 'POST', '/api/v1/tickets', {
      token: operatorToken,
      body: ticketBody({ category: 'digital_ads' }),
    });
    expect(refused.status).to.equal(400);
  });

  it('renders every admin page at 360 and 1280 px without sideways scrolling or axe violations', async () => {
    const withAxe = await browser.newContext({
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      bypassCSP: true,
    });
    await withAxe.addCookies(await context.cookies());
    for (const [path, name] of [
      ['/admin', 'admin-home'],
      ['/admin/units', 'admin-units'],
      ['/admin/categories', 'admin-categories'],
      ['/admin/officials', 'admin-officials'],
      ['/admin/calendar?year=2026', 'admin-calendar'],
      ['/admin/history', 'admin-history'],
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
