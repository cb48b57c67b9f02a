import { expect } from 'chai';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { StaffSession } from '../../shared/db/models/staff-session.model.js';
import { revokeApiTokens } from '../../shared/staff/api-tokens.js';
import { startIntakeService, type IntakeService } from '../support/intake-service.js';

/** A tiny browser without JavaScript: keeps cookies, posts forms, follows nothing by itself. */
class FormClient {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly baseUrl: string) {}

  async request(method: string, path: string, form?: Record<string, string>) {
    const headers: Record<string, string> = { accept: 'text/html' };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: 'manual',
    });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (/Expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name!);
      else this.cookies.set(name!, value.join('='));
    }
    return { status: response.status, headers: response.headers, setCookies, html: await response.text() };
  }

  hidden(html: string, name: string): string {
    return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
  }

  async login(token: string) {
    const page = await this.request('GET', '/operator');
    return this.request('POST', '/operator/login', { _csrf: this.hidden(page.html, '_csrf'), token });
  }
}

describe('operator page (server-rendered, no JavaScript)', function () {
  this.timeout(30_000);
  let svc: IntakeService;

  before(async () => {
    svc = await startIntakeService('intake-page');
  });
  after(async () => {
    await svc?.stop();
  });

  it('logs in with the API token into an HttpOnly, SameSite=Lax session cookie stored hashed', async () => {
    const client = new FormClient(svc.url);
    const login = await client.login(svc.tokens.operator);
    expect(login.status).to.equal(303);
    expect(login.headers.get('location')).to.equal('/operator');
    const cookie = login.setCookies.find((c) => c.startsWith('hl_operator_session='))!;
    expect(cookie)
      .to.match(/HttpOnly/i)
      .and.match(/SameSite=Lax/i)
      .and.match(/Path=\/operator/);
    expect(cookie).not.to.match(/Secure/i);
    const sessionId = /hl_operator_session=([^;]+)/.exec(cookie)![1]!;
    expect(await StaffSession.countDocuments({ hash: sessionId })).to.equal(0);
    expect(await StaffSession.countDocuments({})).to.be.greaterThan(0);

    const home = await client.request('GET', '/operator');
    expect(home.html).to.contain('Ghi nhận cuộc gọi').and.contain('Nguyễn Thị Lan');
  });

  it('refuses a wrong token with a Vietnamese message, and a chief on the operator page', async () => {
    const client = new FormClient(svc.url);
    const wrong = await client.login(`hl_${'B'.repeat(43)}`);
    expect(wrong.status).to.equal(401);
    expect(wrong.html).to.contain('Mã truy cập không đúng');
    const chief = await client.login(svc.tokens.chief);
    expect(chief.status).to.equal(403);
    expect(chief.html).to.contain('không phải tài khoản điện thoại viên');
  });

  it('refuses a form post without the CSRF token (403)', async () => {
    const client = new FormClient(svc.url);
    await client.login(svc.tokens.operator);
    const forged = await client.request('POST', '/operator/tickets', {
      _csrf: 'forged',
      'citizen.name': 'Kẻ giả mạo',
      'citizen.phone': '0912345678',
      category: 'other',
      subject: 'Giả mạo',
      content: 'Giả mạo',
    });
    expect(forged.status).to.equal(403);
    expect(forged.html).to.contain('Biểu mẫu đã hết hạn hoặc không hợp lệ');
    expect(await Ticket.countDocuments({ subject: 'Giả mạo' })).to.equal(0);

    const noCookie = await new FormClient(svc.url).request('POST', '/operator/login', {
      _csrf: 'x',
      token: svc.tokens.operator,
    });
    expect(noCookie.status).to.equal(403);
  });

  it('re-renders the form with Vietnamese messages next to the fields and keeps what was typed', async () => {
    const client = new FormClient(svc.url);
    await client.login(svc.tokens.operator);
    const home = await client.request('GET', '/operator');
    const result = await client.request('POST', '/operator/tickets', {
      _csrf: client.hidden(home.html, '_csrf'),
      formId: client.hidden(home.html, 'formId'),
      channel: 'phone',
      'citizen.name': 'Lý Thị <b>Mai</b>',
      'citizen.phone': '12',
      category: '',
      subject: 'Đèn sân khấu hỏng',
      content: '',
    });
    expect(result.status).to.equal(400);
    expect(result.html).to.contain('Số điện thoại không hợp lệ');
    expect(result.html).to.contain('Bắt buộc chọn lĩnh vực.');
    expect(result.html).to.contain('Không được để trống.');
    expect(result.html).to.contain('value="Đèn sân khấu hỏng"');
    expect(result.html).to.contain('value="Lý Thị &lt;b&gt;Mai&lt;/b&gt;"');
    expect(result.html).to.contain('aria-invalid="true"');
  });

  it('creates a ticket through the same use case as the API, once even if the form is sent twice', async () => {
    const client = new FormClient(svc.url);
    await client.login(svc.tokens.operator);
    const home = await client.request('GET', '/operator');
    const form = {
      _csrf: client.hidden(home.html, '_csrf'),
      formId: client.hidden(home.html, 'formId'),
      channel: 'zalo',
      'citizen.name': 'Cao Văn Sơn',
      'citizen.phone': '0903 123 456',
      category: 'sports',
      subject: 'Sân bóng xã thiếu đèn',
      content: 'Đề nghị lắp thêm đèn chiếu sáng.\nCảm ơn.',
      urgent: 'on',
    };
    const first = await client.request('POST', '/operator/tickets', form);
    const twice = await client.request('POST', '/operator/tickets', form);
    expect(first.status).to.equal(303);
    expect(twice.headers.get('location')).to.equal(first.headers.get('location'));
    const code = /created=([^&]+)/.exec(first.headers.get('location')!)![1]!;
    const stored = await Ticket.find({ subject: 'Sân bóng xã thiếu đèn' }).lean();
    expect(stored).to.have.length(1);
    expect(stored[0]).to.deep.include({
      code,
      channel: 'zalo',
      priority: 'urgent',
      content: 'Đề nghị lắp thêm đèn chiếu sáng.\nCảm ơn.',
    });
    expect(stored[0]?.citizen?.phone).to.equal('+84903123456');

    const after = await client.request('GET', first.headers.get('location')!);
    expect(after.html).to.contain(`Đã ghi nhận phiếu <strong>${code}</strong>`);
    expect(after.html).to.contain('Sân bóng xã thiếu đèn').and.contain('Đã tiếp nhận, đang chuyển xử lý');
  });

  it('records that the citizen wants no notices when the operator ticks the box, and only then', async () => {
    const client = new FormClient(svc.url);
    await client.login(svc.tokens.operator);
    const home = await client.request('GET', '/operator');
    expect(home.html).to.contain('name="citizen.noticesOptOut"');
    for (const [subject, optOut] of [
      ['Nhà văn hóa ấp thiếu ghế', 'on'],
      ['Nhà văn hóa ấp thiếu quạt', undefined],
    ] as const) {
      const page = await client.request('GET', '/operator');
      const result = await client.request('POST', '/operator/tickets', {
        _csrf: client.hidden(page.html, '_csrf'),
        formId: client.hidden(page.html, 'formId'),
        'citizen.name': 'Cao Văn Sơn',
        'citizen.phone': '0903 123 457',
        ...(optOut ? { 'citizen.noticesOptOut': optOut } : {}),
        category: 'sports',
        subject,
        content: 'Đề nghị bổ sung.',
      });
      expect(result.status).to.equal(303);
      const stored = await Ticket.findOne({ subject }).lean();
      expect(stored?.citizen?.noticesOptOut ?? false, subject).to.equal(optOut === 'on');
    }
  });

  it('records a call answered on the spot as resolved at intake', async () => {
    const client = new FormClient(svc.url);
    await client.login(svc.tokens.operator);
    const home = await client.request('GET', '/operator');
    const result = await client.request('POST', '/operator/tickets', {
      _csrf: client.hidden(home.html, '_csrf'),
      formId: client.hidden(home.html, 'formId'),
      'citizen.anonymous': 'on',
      category: 'museum',
      subject: 'Giờ mở cửa bảo tàng',
      content: 'Hỏi giờ mở cửa ngày lễ.',
      resolved: 'on',
      'resolvedByOperator.answer': 'Bảo tàng mở cửa cả ngày lễ.',
    });
    expect(result.status).to.equal(303);
    const stored = await Ticket.findOne({ subject: 'Giờ mở cửa bảo tàng' }).lean();
    expect(stored?.status).to.equal('resolved_at_intake');
    const list = await client.request('GET', '/operator');
    expect(list.html).to.contain('Đã trả lời ngay trong cuộc gọi');
  });

  it('ends the session on logout and when the token is revoked', async () => {
    const client = new FormClient(svc.url);
    await client.login(svc.tokens.admin);
    const home = await client.request('GET', '/operator');
    const out = await client.request('POST', '/operator/logout', {
      _csrf: client.hidden(home.html, '_csrf'),
    });
    expect(out.status).to.equal(303);
    expect((await client.request('GET', '/operator')).html).to.contain('Đăng nhập trang điện thoại viên');

    const other = new FormClient(svc.url);
    await other.login(svc.tokens.admin);
    expect((await other.request('GET', '/operator')).html).to.contain('Ghi nhận cuộc gọi');
    await revokeApiTokens({ staffId: svc.staffIds.admin }, new Date());
    expect((await other.request('GET', '/operator')).html).to.contain('Đăng nhập trang điện thoại viên');
  });

  it('slows down password guessing: the 21st login attempt in 15 minutes gets 429', async () => {
    const client = new FormClient(svc.url);
    const page = await client.request('GET', '/operator');
    const csrf = client.hidden(page.html, '_csrf');
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      statuses.push(
        (await client.request('POST', '/operator/login', { _csrf: csrf, token: 'guess' })).status,
      );
    }
    expect(statuses).to.include(429);
    const limited = await client.request('POST', '/operator/login', {
      _csrf: csrf,
      token: svc.tokens.operator,
    });
    expect(limited.status).to.equal(429);
    expect(limited.html).to.contain('Quá nhiều yêu cầu');
  });
});

// A service of its own (the test database is per service, so it cannot run beside the one above).
describe('operator page behind a TLS-terminating proxy', function () {
  this.timeout(30_000);

  it('marks the cookie Secure when the request came over https through a trusted proxy', async () => {
    const proxied = await startIntakeService('intake-page-tls', { TRUST_PROXY: 'loopback' });
    try {
      const page = await fetch(`${proxied.url}/operator`, { headers: { 'x-forwarded-proto': 'https' } });
      const csrfCookie = page.headers.getSetCookie()[0]!;
      expect(csrfCookie).to.match(/Secure/);
      const csrf = /name="_csrf" value="([^"]*)"/.exec(await page.text())![1]!;
      const login = await fetch(`${proxied.url}/operator/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'x-forwarded-proto': 'https',
          'content-type': 'application/x-www-form-urlencoded',
          cookie: csrfCookie.split(';')[0]!,
        },
        body: new URLSearchParams({ _csrf: csrf, token: proxied.tokens.operator }).toString(),
      });
      expect(login.status).to.equal(303);
      expect(login.headers.getSetCookie().find((c) => c.startsWith('hl_operator_session='))).to.match(
        /Secure/,
      );
    } finally {
      await proxied.stop();
    }
  });
});
