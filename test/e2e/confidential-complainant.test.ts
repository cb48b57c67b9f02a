import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { launchChromium } from '../support/browser.js';
import { api, ticketBody } from '../support/intake-service.js';
import { monitorStaff } from '../support/monitor-client.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';
import { accessibilityViolations } from '../support/axe.js';

const SCREENSHOTS = 'test-output/screenshots';
const NOTICE = 'Người phản ánh đề nghị giữ bí mật';
const NAME = 'Đặng Văn Khiếu';

describe('a conduct complaint in a browser: the unit sees no complainant, the reviewer does', function () {
  this.timeout(120_000);
  let pipeline: Pipeline;
  let browser: Browser;
  let dataDir: string;
  let code: string;
  let answerUrl: string;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = await mkdtemp(join(tmpdir(), 'hotline-confidential-e2e-'));
    pipeline = await startPipeline('confidential-e2e', {
      http: true,
      workers: true,
      config: { DATA_DIR: dataDir },
    });
    const operatorToken = (
      await createStaff(
        { name: 'Nguyễn Thị Lan', email: 'operator@confidential-e2e.test', role: 'operator' },
        new Date(),
      )
    ).token;
    const created = await api(pipeline.service.url!, 'POST', '/api/v1/tickets', {
      token: operatorToken,
      body: ticketBody({
        category: 'conduct',
        citizen: { name: NAME, phone: '0987 654 321', email: 'khieu@example.vn' },
        subject: 'Cán bộ một cửa gây phiền hà',
        content: 'Cán bộ tiếp nhận hồ sơ đòi thêm tiền ngoài lệ phí.',
      }),
    });
    expect(created.status).to.equal(201);
    code = created.body.code as string;
    const [mail] = await pipeline.mail.waitFor(
      (m) => m.subject.includes(code) && m.to.includes('vanphong@example.gov.vn'),
      { timeoutMs: 30_000 },
    );
    const token = /\/answer\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(mail!.text)![1];
    answerUrl = `${pipeline.service.url}/answer/${token}`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await pipeline?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function check(
    context: BrowserContext,
    url: string,
    name: string,
  ): Promise<{ text: string; violations: string[] }> {
    let text = '';
    let violations: string[] = [];
    for (const width of [360, 1280]) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(url);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} at ${width}px scrolls sideways`).to.be.at.most(0);
      await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
      text = await page.locator('body').innerText();
      violations = await accessibilityViolations(page);
      await page.close();
    }
    return { text, violations };
  }

  it("the handling unit's page (screenshot) says the complainant asked for confidentiality", async () => {
    const context = await browser.newContext({ locale: 'vi-VN', bypassCSP: true, javaScriptEnabled: true });
    const { text, violations } = await check(context, answerUrl, 'confidential-unit-answer-page');
    expect(text).to.contain(NOTICE);
    expect(text).not.to.contain(NAME).and.not.to.contain('0987 654 321');
    expect(violations).to.deep.equal([]);
    await context.close();
  });

  it("the conduct reviewer's page (screenshot) shows the complainant", async () => {
    const reviewer = await monitorStaff('reviewer', 'Lê Minh Châu', 'reviewer@confidential-e2e.test');
    const context = await browser.newContext({ locale: 'vi-VN', bypassCSP: true });
    const [cookieName, cookieValue] = reviewer.cookie.split('=') as [string, string];
    await context.addCookies([{ name: cookieName, value: cookieValue, url: pipeline.service.url! }]);
    const { text, violations } = await check(
      context,
      `${pipeline.service.url}/monitor/tickets/${code}`,
      'confidential-reviewer-ticket-page',
    );
    expect(text).to.contain(NAME).and.to.contain('0987 654 321');
    expect(violations).to.deep.equal([]);
    await context.close();
  });
});
