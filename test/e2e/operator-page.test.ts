import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { launchChromium } from '../support/browser.js';
import { startIntakeService, type IntakeService } from '../support/intake-service.js';

const SCREENSHOTS = 'test-output/screenshots';

describe('operator page in a real browser', function () {
  this.timeout(60_000);
  let svc: IntakeService;
  let browser: Browser;

  before(async () => {
    svc = await startIntakeService('intake-e2e');
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await svc?.stop();
  });

  async function logIn(page: Page): Promise<void> {
    await page.goto(`${svc.url}/operator`);
    // The token field has the focus: paste and press Enter, as an operator would. Autofocus lands a
    // moment after the load event on a busy machine, so wait for it rather than type into nothing.
    await page.waitForFunction(() => document.activeElement?.id === 'f-token', undefined, { timeout: 10_000 });
    await page.keyboard.type(svc.tokens.operator);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ghi nhận cuộc gọi' }).waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => document.activeElement?.tagName === 'INPUT', undefined, { timeout: 10_000 });
  }

  it('logs a call using only the keyboard and shows it in the recent list', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await logIn(page);

    // Autofocus is on the caller's name; Tab walks the fields in the order of a call.
    await page.keyboard.type('Đỗ Thị Thanh Trúc');
    await page.keyboard.press('Tab');
    await page.keyboard.type('0918 765 432');
    await page.keyboard.press('Tab'); // anonymous: left unticked
    await page.keyboard.press('Tab'); // category: type-ahead picks "Di sản văn hóa, di tích" (a space would open the list)
    await page.keyboard.type('Di');
    expect(await page.locator('#f-category').inputValue()).to.equal('heritage');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Bia di tích Gò Tháp bị bong tróc');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Tấm bia giới thiệu ở cổng di tích bị bong chữ.\nĐề nghị sửa trước lễ hội.');
    await page.keyboard.press('Tab'); // urgent
    await page.keyboard.press('Space');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab'); // back to the subject, a one-line field: Enter submits
    await page.keyboard.press('Enter');

    const notice = page.locator('#created-notice');
    await notice.waitFor({ timeout: 10_000 });
    const code = (await notice.locator('strong').textContent())!;
    expect(code).to.match(/^1022-\d{4}-\d{6}$/);
    const row = page.locator('#recent-tickets tbody tr', { hasText: code });
    expect(await row.textContent())
      .to.contain('Bia di tích Gò Tháp bị bong tróc')
      .and.contain('Di sản văn hóa, di tích');
    expect(await row.textContent())
      .to.contain('Đã tiếp nhận, đang chuyển xử lý')
      .and.contain('Khẩn');

    const stored = await Ticket.findOne({ code }).lean();
    expect(stored).to.deep.include({ category: 'heritage', priority: 'urgent', channel: 'phone' });
    expect(stored?.citizen?.phone).to.equal('+84918765432');
    expect(stored?.content).to.equal(
      'Tấm bia giới thiệu ở cổng di tích bị bong chữ.\nĐề nghị sửa trước lễ hội.',
    );

    await page.screenshot({ path: `${SCREENSHOTS}/operator-page-1280.png`, fullPage: true });
    await context.close();
  });

  it('shows Vietnamese errors next to the fields on a phone-sized screen and keeps the typing', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await logIn(page);

    await page.keyboard.type('Phan Văn Hậu');
    await page.keyboard.press('Tab');
    await page.keyboard.type('12345');
    await page.keyboard.press('Enter');

    await page.locator('#form-errors').waitFor({ timeout: 10_000 });
    expect(await page.locator('#f-citizen-phone-error').textContent()).to.contain(
      'Số điện thoại không hợp lệ',
    );
    expect(await page.locator('#f-category-error').textContent()).to.contain('Bắt buộc chọn lĩnh vực');
    expect(await page.locator('#f-citizen-name').inputValue()).to.equal('Phan Văn Hậu');
    expect(
      await page.evaluate<string>('document.activeElement?.id'),
      'cursor on the first field to fix',
    ).to.equal('f-citizen-phone');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow, 'no horizontal scrolling at 360px').to.be.at.most(0);
    await page.screenshot({ path: `${SCREENSHOTS}/operator-page-360-errors.png`, fullPage: true });

    // Fix the errors and send: the list then shows the call.
    await page.fill('#f-citizen-phone', '0918 765 433');
    await page.selectOption('#f-category', 'tourism');
    await page.fill('#f-subject', 'Hướng dẫn viên thu phí sai quy định');
    await page.fill('#f-content', 'Khu du lịch Đồng Sen thu thêm phí hướng dẫn.');
    await page.focus('#f-subject');
    await page.keyboard.press('Enter');
    await page.locator('#created-notice').waitFor({ timeout: 10_000 });
    expect(await page.locator('#recent-tickets').textContent()).to.contain(
      'Hướng dẫn viên thu phí sai quy định',
    );
    await page.screenshot({ path: `${SCREENSHOTS}/operator-page-360.png`, fullPage: true });
    await context.close();
  });
});
