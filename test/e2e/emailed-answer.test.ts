import { expect } from 'chai';
import { randomInt } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { accessibilityViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';
import { startImapServer, type TestImapServer } from '../support/dovecot.js';
import { seedReceivedTicket, startPipeline, type Pipeline } from '../support/pipeline.js';
import { waitUntil } from '../support/wait.js';

const CHIEF_EMAIL = 'chanh.vanphong@emailed-answer-e2e.test';
const ANSWER = 'Phòng đã kiểm tra cơ sở karaoke và yêu cầu khắc phục trước ngày 10/12/2026.';

describe('an answer e-mailed by the unit, in a browser', function () {
  this.timeout(120_000);
  let imap: TestImapServer;
  let pipeline: Pipeline;
  let browser: Browser;
  let page: Page;
  let code: string;
  let answerLink: string;

  before(async () => {
    imap = await startImapServer();
    pipeline = await startPipeline('emailed-answer-e2e', {
      http: true,
      config: {
        IMAP_URL: imap.url,
        MAIL_REPLY_ADDRESS: 'tra-loi@so-vhttdl.example.gov.vn',
        IMAP_POLL_SECONDS: 1,
      },
    });
    await createStaff({ name: 'Trần Văn Bình', email: CHIEF_EMAIL, role: 'chief' }, new Date());

    const ticketId = await seedReceivedTicket();
    code = `1022-2026-${String(randomInt(100000, 999999))}`;
    await Ticket.updateOne({ _id: ticketId }, { $set: { code } });
    const [assign] = await pipeline.mail.waitFor((m) => m.messageId.startsWith(`${ticketId}.assign-1@`), {
      timeoutMs: 20_000,
    });
    answerLink = /\/answer\/[A-Za-z0-9_-]{43}/.exec(assign!.text)?.[0] ?? '';
    const messageId = `<e2e-${Date.now()}@qlvh.example.gov.vn>`;
    const raw = await new MailComposer({
      messageId,
      from: 'Lê Thị Hoa <hoa.le@qlvh.example.gov.vn>',
      to: assign!.headers['reply-to'],
      subject: `RE: ${assign!.subject}`,
      text: `${ANSWER}\n\nOn Tue, 1 Dec 2026 at 09:00, Tổng đài 1022 <${assign!.from}> wrote:\n> Nội dung phản ánh cũ`,
    })
      .compile()
      .build();
    await imap.deliver(raw);
    await waitUntil(
      async () => (await Ticket.findById(ticketId).lean())?.status === 'answered',
      30_000,
      'reply not recorded',
    );

    browser = await launchChromium();
    page = await (
      await browser.newContext({
        locale: 'vi-VN',
        timezoneId: 'Asia/Ho_Chi_Minh',
        // Only so axe-core can be injected; the pages' own CSP is tested elsewhere.
        bypassCSP: true,
      })
    ).newPage();
    await page.goto(`${pipeline.service.url}/monitor`);
    await page.fill('#login-email', CHIEF_EMAIL);
    await page.click('button:has-text("Gửi đường dẫn đăng nhập")');
    const [login] = await pipeline.mail.waitFor((m) => m.to.includes(CHIEF_EMAIL), { timeoutMs: 15_000 });
    const token = /\/monitor\/login\/([A-Za-z0-9_-]{43})/.exec(login!.text)?.[1];
    await page.goto(`${pipeline.service.url}/monitor/login/${token}`);
    await page.click('#confirm-login');
    await page.waitForSelector('h1:has-text("Theo dõi xử lý phản ánh, kiến nghị")');
  });

  after(async () => {
    await browser?.close();
    await pipeline?.stop();
    await imap?.stop();
  });

  for (const width of [360, 1280]) {
    it(`shows the Office Chief the answer, that it came by e-mail, and the original message (${width} px)`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${pipeline.service.url}/monitor/tickets/${code}`);
      const answer = page.locator('section.card.ok');
      expect(await answer.locator('.content').first().innerText()).to.equal(ANSWER);
      expect(await answer.innerText()).to.include(
        'Đơn vị trả lời qua thư điện tử, từ Lê Thị Hoa <hoa.le@qlvh.example.gov.vn>',
      );
      expect(await answer.locator('details.original-mail .content').isVisible()).to.equal(false);
      await answer.locator('summary:has-text("Xem thư gốc")').click();
      expect(await answer.locator('details.original-mail .content').innerText()).to.include(
        '> Nội dung phản ánh cũ',
      );
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'scrolls sideways').to.be.at.most(0);
      expect(await accessibilityViolations(page)).to.deep.equal([]);
    });
  }

  it('shows the unit on the answer page that the answer came by e-mail', async () => {
    await page.setViewportSize({ width: 360, height: 900 });
    await page.goto(`${pipeline.service.url}${answerLink}`);
    const recorded = page.locator('#da-tra-loi');
    expect(await recorded.locator('.content').innerText()).to.equal(ANSWER);
    expect(await recorded.innerText()).to.include('Trả lời qua thư điện tử từ hoa.le@qlvh.example.gov.vn');
    expect(await accessibilityViolations(page)).to.deep.equal([]);
  });
});
