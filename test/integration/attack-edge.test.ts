import { expect } from 'chai';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';
import { startIntakeService } from '../support/intake-service.js';
import { seedAssignedTicket } from '../support/assigned-ticket.js';

/** Issue 14 findings at the edge of the service: client addresses and cookies, each with its own settings. */
describe('attack findings at the edge (issue 14)', function () {
  this.timeout(60_000);

  describe('3. behind one proxy (TRUST_PROXY=1)', () => {
    it('counts the address the proxy saw, whatever the client wrote in X-Forwarded-For', async () => {
      const proxied = await startIntakeService('attack-proxy', { TRUST_PROXY: '1' });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 32; i++) {
          const response = await fetch(
            `${proxied.url}/answer/${'x'.repeat(40)}${String(i).padStart(3, '0')}`,
            {
              // The client's own claim first, then what the proxy appended: the address it really saw.
              headers: { 'x-forwarded-for': `203.0.113.${i}, 198.51.100.7` },
            },
          );
          statuses.push(response.status);
        }
        expect(statuses.at(-1)).to.equal(429);
      } finally {
        await proxied.stop();
      }
    });
  });

  describe('5. behind a TLS proxy without TRUST_PROXY, PUBLIC_BASE_URL https', () => {
    let pipeline: Pipeline;
    let base: string;
    const setCookies: string[] = [];
    const PUBLIC = 'https://hotline.example.gov.vn';

    const get = async (path: string, init: RequestInit = {}): Promise<Response> => {
      const response = await fetch(`${base}${path}`, { redirect: 'manual', ...init });
      setCookies.push(...response.headers.getSetCookie());
      return response;
    };

    before(async () => {
      pipeline = await startPipeline('attack-cookies', {
        http: true,
        workers: true,
        config: { PUBLIC_BASE_URL: PUBLIC },
      });
      base = pipeline.service.url!;
    });

    after(async () => {
      await pipeline?.stop();
    });

    it('marks every cookie Secure: login forms, the session, the admin board and the answer form', async () => {
      await createStaff({ name: 'Phạm Quốc Dũng', email: 'admin@cookies.test', role: 'admin' }, new Date());
      const loginPage = await get('/monitor');
      const loginCookie = loginPage.headers.getSetCookie()[0]!.split(';')[0]!;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await loginPage.text())![1]!;
      const asked = await get('/monitor/login', {
        method: 'POST',
        headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, email: 'admin@cookies.test' }),
      });
      expect(asked.status).to.equal(200);
      const [mail] = await pipeline.mail.waitFor((m) => m.to.includes('admin@cookies.test'), {
        timeoutMs: 20_000,
      });
      const linkPath = new RegExp(`${PUBLIC}(/monitor/login/[A-Za-z0-9_-]+)`).exec(mail!.text)![1]!;
      const confirmPage = await get(linkPath, { headers: { cookie: loginCookie } });
      const confirmCsrf = /name="_csrf" value="([^"]+)"/.exec(await confirmPage.text())![1]!;
      const confirmed = await get(linkPath, {
        method: 'POST',
        headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: confirmCsrf }),
      });
      expect(confirmed.status).to.equal(303);
      await get('/operator');
      const seeded = await seedAssignedTicket(pipeline.config.LINK_SECRET);
      await get(`/answer/${seeded.token}`);

      const names = setCookies.map((line) => line.split('=')[0]);
      expect(names).to.include.members([
        'hl_monitor_login',
        'hl_monitor_session',
        'hl_admin_session',
        'hl_operator_login',
        'hl_answer_form',
      ]);
      for (const line of setCookies) expect(line, line.split('=')[0]).to.match(/;\s*Secure/i);
    });
  });

  describe('hardening: the login CSRF cookie is signed', () => {
    it('refuses a login form whose cookie and field the client chose itself, and takes the one the page issued', async () => {
      const svc = await startIntakeService('attack-login-csrf');
      try {
        const post = (cookie: string, csrf: string) =>
          fetch(`${svc.url}/monitor/login`, {
            method: 'POST',
            redirect: 'manual',
            headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ _csrf: csrf, email: 'chief@attack-login-csrf.test' }),
          });
        const chosen = 'A'.repeat(16) + 'b'.repeat(16);
        expect((await post(`hl_monitor_login=${chosen}`, chosen)).status).to.equal(403);
        for (const path of ['/monitor', '/operator']) {
          const page = await fetch(`${svc.url}${path}`, { headers: { accept: 'text/html' } });
          const cookie = page.headers.getSetCookie()[0]!.split(';')[0]!;
          const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
          expect(cookie.split('=')[1])
            .to.equal(csrf)
            .and.to.match(/^[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{43}$/);
          if (path === '/monitor') expect((await post(cookie, csrf)).status).to.equal(200);
        }
      } finally {
        await svc.stop();
      }
    });
  });

  describe('hardening: dashboard login e-mails are limited per mailbox', () => {
    it('refuses a sixth request for one mailbox within 15 minutes, while another mailbox is still served', async () => {
      const svc = await startIntakeService('attack-mailbox');
      try {
        const page = await fetch(`${svc.url}/monitor`, { headers: { accept: 'text/html' } });
        const cookie = page.headers.getSetCookie()[0]!.split(';')[0]!;
        const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
        const ask = async (email: string) =>
          (
            await fetch(`${svc.url}/monitor/login`, {
              method: 'POST',
              headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({ _csrf: csrf, email }),
            })
          ).status;
        const statuses: number[] = [];
        // Written differently each time: the mailbox is the same.
        for (const email of [
          'chief@x.test',
          'Chief@x.test',
          ' chief@X.test',
          'CHIEF@x.test',
          'chief@x.test',
          'chief@x.test',
        ])
          statuses.push(await ask(email));
        expect(statuses).to.deep.equal([200, 200, 200, 200, 200, 429]);
        expect(await ask('director@x.test')).to.equal(200);
      } finally {
        await svc.stop();
      }
    });
  });
});
