import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { AnswerPageClient } from '../support/answer-client.js';
import { api, ticketBody } from '../support/intake-service.js';
import { monitorFetch, monitorStaff, type MonitorStaff } from '../support/monitor-client.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';
import { waitUntil } from '../support/wait.js';

const NOTICE = 'Người phản ánh đề nghị giữ bí mật';
const NAME = 'Đặng Văn Khiếu';
const PHONE_FORMS = ['+84987654321', '0987 654 321', '0987654321'];
const EMAIL = 'khieu@example.vn';
const ADDRESS = '5 Lý Thường Kiệt';
const WEBHOOK_SECRET = 'switchboard-test-secret-0123456789';

function expectNoIdentity(text: string, where: string): void {
  expect(text, `${where}: name`).not.to.contain(NAME);
  for (const phone of PHONE_FORMS) expect(text, `${where}: phone`).not.to.contain(phone);
  expect(text, `${where}: e-mail`).not.to.contain(EMAIL);
  expect(text, `${where}: address`).not.to.contain(ADDRESS);
}

describe('confidential complainants (issue 16)', function () {
  this.timeout(60_000);
  let pipeline: Pipeline;
  let base: string;
  let dataDir: string;
  let switchboard: Server;
  const deliveries: string[] = [];
  let operatorToken: string;
  let chief: MonitorStaff;
  let reviewer: MonitorStaff;
  let admin: MonitorStaff;

  const complainant = {
    name: NAME,
    phone: '0987 654 321',
    email: EMAIL,
    address: `${ADDRESS}, Phường Cao Lãnh`,
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hotline-confidential-'));
    switchboard = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        deliveries.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => switchboard.listen(0, '127.0.0.1', resolve));
    pipeline = await startPipeline('confidential', {
      http: true,
      workers: true,
      config: {
        DATA_DIR: dataDir,
        SWITCHBOARD_WEBHOOK_URL: `http://127.0.0.1:${(switchboard.address() as AddressInfo).port}/hooks`,
        SWITCHBOARD_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
    });
    base = pipeline.service.url!;
    operatorToken = (
      await createStaff(
        { name: 'Nguyễn Thị Lan', email: 'operator@confidential.test', role: 'operator' },
        new Date(),
      )
    ).token;
    chief = await monitorStaff('chief', 'Trần Văn Bình', 'chief@confidential.test');
    reviewer = await monitorStaff('reviewer', 'Lê Minh Châu', 'reviewer@confidential.test');
    admin = await monitorStaff('admin', 'Phạm Quốc Dũng', 'admin@confidential.test');
  });

  after(async () => {
    await pipeline?.stop();
    await new Promise((resolve) => switchboard?.close(resolve));
    await rm(dataDir, { recursive: true, force: true });
  });

  const create = async (overrides: Record<string, unknown>) => {
    const created = await api(base, 'POST', '/api/v1/tickets', {
      token: operatorToken,
      body: ticketBody({ citizen: complainant, ...overrides }),
    });
    expect(created.status).to.equal(201);
    return created.body as {
      id: string;
      code: string;
      confidential: boolean;
      citizen: Record<string, unknown>;
    };
  };

  describe('a conduct complaint', () => {
    let code: string;
    let answerToken: string;

    before(async () => {
      const created = await create({
        category: 'conduct',
        subject: 'Cán bộ một cửa gây phiền hà',
        content: 'Cán bộ tiếp nhận hồ sơ đòi thêm tiền. Gọi lại cho tôi số 0987 654 321.',
      });
      expect(created.confidential).to.equal(true);
      // The operator, who calls back, sees the identity.
      expect(created.citizen).to.include({ name: NAME, phone: '+84987654321' });
      code = created.code;
    });

    it("the handling unit's e-mail carries no complainant identity, and says so", async () => {
      const [assign] = await pipeline.mail.waitFor(
        (m) => m.subject.includes(code) && m.to.includes('vanphong@example.gov.vn'),
        { timeoutMs: 20_000 },
      );
      expectNoIdentity(assign!.text, 'text');
      expectNoIdentity(assign!.html, 'html');
      expectNoIdentity(assign!.subject, 'subject');
      expect(assign!.text).to.contain(NOTICE).and.to.contain('xxxx xxx xxx');
      answerToken = /\/answer\/([A-Za-z0-9_-]{43})/.exec(assign!.text)![1]!;
    });

    it("the handling unit's answer page shows no complainant identity", async () => {
      const client = new AnswerPageClient(base, answerToken);
      expect((await client.open()).status).to.equal(200);
      expectNoIdentity(client.html, 'answer page');
      expect(client.html).to.contain(NOTICE);
      const answered = await client.postAnswer({
        text: 'Thanh tra đã làm việc với bộ phận một cửa.',
        name: 'Trần Thị Mai',
        position: 'Chánh Thanh tra',
      });
      expect(answered.status).to.equal(303);
    });

    it('the switchboard webhook payload carries no complainant identity', async () => {
      await waitUntil(() => deliveries.some((body) => body.includes(code)), 20_000);
      const body = deliveries.find((delivery) => delivery.includes(code))!;
      expectNoIdentity(body, 'webhook');
      expect(JSON.parse(body)).to.not.have.property('citizen');
    });

    it("the reviewer's page shows the complainant; the Office Chief's page does not", async () => {
      const reviewed = await monitorFetch(base, `/monitor/tickets/${code}`, { cookie: reviewer.cookie });
      expect(reviewed.status).to.equal(200);
      expect(reviewed.text).to.contain(NAME).and.to.contain('0987 654 321');
      const chiefs = await monitorFetch(base, `/monitor/tickets/${code}`, { cookie: chief.cookie });
      expect(chiefs.status).to.equal(200);
      expectNoIdentity(chiefs.text, "Office Chief's page");
      expect(chiefs.text).to.contain(NOTICE);
    });

    it('the ticket API shows the identity to the operator only', async () => {
      const asOperator = await api(base, 'GET', `/api/v1/tickets/${code}`, { token: operatorToken });
      expect(asOperator.body.citizen).to.include({ name: NAME });
      const asChief = await api(base, 'GET', `/api/v1/tickets/${code}`, { token: chief.token });
      expect(asChief.status).to.equal(200);
      expectNoIdentity(JSON.stringify(asChief.body), 'API as chief');
      expect(asChief.body.citizen).to.deep.equal({ anonymous: false, withheld: NOTICE });
    });
  });

  it('a ticket the operator marks confidential is withheld from its unit like a conduct complaint', async () => {
    const created = await create({ confidential: true, subject: 'Di tích xuống cấp (giữ bí mật)' });
    expect(created.confidential).to.equal(true);
    const [assign] = await pipeline.mail.waitFor(
      // The unit's assignment, not the operators' copy nor the citizen's own notice of receipt.
      (m) =>
        m.subject.includes(created.code) &&
        !m.to.includes('operators@example.gov.vn') &&
        !m.to.includes(EMAIL),
      { timeoutMs: 20_000 },
    );
    expectNoIdentity(assign!.text, 'text');
    expect(assign!.text).to.contain(NOTICE);
  });

  it('an ordinary ticket still shows the unit who called', async () => {
    const created = await create({ subject: 'Di tích Gò Tháp xuống cấp' });
    expect(created.confidential).to.equal(false);
    const [assign] = await pipeline.mail.waitFor(
      (m) => m.subject.includes(created.code) && !m.to.includes(EMAIL),
      { timeoutMs: 20_000 },
    );
    expect(assign!.text).to.contain(NAME);
  });

  describe('the monthly export', () => {
    const exportCsv = async (who: MonitorStaff, extra = '') => {
      const response = await api(base, 'GET', `/api/v1/reports/export?format=csv${extra}`, {
        token: who.token,
      });
      return {
        status: response.status,
        text: typeof response.body === 'string' ? response.body : JSON.stringify(response.body),
        headers: response.headers,
      };
    };

    it('carries no names or phones by default, and says so on every row', async () => {
      const csv = await exportCsv(chief);
      expect(csv.status).to.equal(200);
      expectNoIdentity(csv.text, 'default export');
      expect(csv.text).to.contain('Không xuất (báo cáo không kèm danh tính)');
      expect(csv.headers.get('content-disposition')).not.to.contain('kem-danh-tinh');
    });

    it('carries them when a permitted person asks, still withholding confidential complainants from those who may not see them', async () => {
      const csv = await exportCsv(chief, '&identities=on');
      expect(csv.status).to.equal(200);
      expect(csv.text).to.contain(`${NAME} – +84987654321`);
      expect(csv.text).to.contain(NOTICE);
      expect(csv.headers.get('content-disposition')).to.contain('kem-danh-tinh');
    });

    it('refuses identities to a role the policy does not name', async () => {
      const csv = await exportCsv(admin, '&identities=on');
      expect(csv.status).to.equal(403);
      expect((await exportCsv(admin)).status).to.equal(200);
    });
  });
});
