import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import mongoose from 'mongoose';
import { ApiToken, Staff } from '../../shared/db/models/staff.model.js';
import { ensureBootstrapAdmin } from '../../shared/staff/bootstrap-admin.js';
import { openLinkSession } from '../../shared/staff/link-sessions.js';
import { issueLoginLink, loginLinkToken } from '../../shared/staff/login-links.js';
import { LoginLink } from '../../shared/db/models/login-link.model.js';
import { monitorFetch } from '../support/monitor-client.js';
import { freePort, startChild, uriWithDatabase } from '../support/child-process.js';
import { testMongoUri, uniqueDatabaseName, useFreshDatabase } from '../support/database.js';
import { api, startIntakeService, ticketBody, type IntakeService } from '../support/intake-service.js';
import { deleteQueuePrefix, uniqueQueuePrefix } from '../support/redis.js';

const TOKEN = /hl_[A-Za-z0-9_-]{43}/;

describe('staff CLI (npm run staff)', function () {
  this.timeout(90_000);
  let svc: IntakeService;
  let databaseUri: string;

  before(async () => {
    svc = await startIntakeService('intake-cli');
    databaseUri = uriWithDatabase(testMongoUri(), mongoose.connection.name);
  });
  after(async () => {
    await svc?.stop();
  });

  const staffCli = async (...args: string[]) => {
    const run = startChild('npx', ['tsx', 'scripts/staff.ts', ...args], {
      MONGODB_URI: databaseUri,
      LOG_LEVEL: 'error',
    });
    const code = await run.exited;
    return { code, output: run.output() };
  };

  it('adds an operator and prints a token, once, that the API accepts', async () => {
    const added = await staffCli(
      'add',
      '--role',
      'operator',
      '--name',
      'Trương Thị Mỹ',
      '--email',
      'My@Example.gov.vn',
    );
    expect(added.code, added.output).to.equal(0);
    const token = TOKEN.exec(added.output)?.[0];
    expect(token, added.output).to.be.a('string');

    const res = await api(svc.url, 'POST', '/api/v1/tickets', { token, body: ticketBody() });
    expect(res.status).to.equal(201);
    const stored = await ApiToken.findOne({}).sort({ createdAt: -1 }).lean();
    expect(JSON.stringify(stored)).not.to.contain(token!);

    const listed = await staffCli('list');
    expect(listed.output).to.contain('my@example.gov.vn').and.contain(token!.slice(0, 11));
    expect(listed.output).not.to.contain(token!);
  });

  it('refuses a second account with the same e-mail, and bad arguments', async () => {
    const again = await staffCli(
      'add',
      '--role',
      'operator',
      '--name',
      'Ai đó',
      '--email',
      'my@example.gov.vn',
    );
    expect(again.code).to.equal(1);
    expect(again.output).to.contain('Đã có tài khoản');
    const badRole = await staffCli('add', '--role', 'boss', '--name', 'Ai đó', '--email', 'x@example.gov.vn');
    expect(badRole.code).to.equal(1);
    expect(badRole.output).to.contain('--role');
  });

  it('issues another token and revokes by prefix or by e-mail', async () => {
    const issued = await staffCli('token', '--email', 'my@example.gov.vn');
    const second = TOKEN.exec(issued.output)![0];
    expect((await api(svc.url, 'GET', '/api/v1/categories', { token: second })).status).to.equal(200);

    const byPrefix = await staffCli('revoke', '--token-prefix', second.slice(0, 11));
    expect(byPrefix.code).to.equal(0);
    expect(byPrefix.output).to.contain('Đã thu hồi 1');
    expect((await api(svc.url, 'GET', '/api/v1/categories', { token: second })).status).to.equal(401);

    const byEmail = await staffCli('revoke', '--email', 'my@example.gov.vn');
    expect(byEmail.output).to.contain('Đã thu hồi 1');
    expect(
      await ApiToken.countDocuments({
        revokedAt: null,
        staffId: (await Staff.findOne({ email: 'my@example.gov.vn' }))!._id,
      }),
    ).to.equal(0);
  });

  it('locks an account at once (API and dashboard), unlocks it, and ends its sessions on revoke', async () => {
    const added = await staffCli(
      'add',
      '--role',
      'chief',
      '--name',
      'Võ Thị Hạnh',
      '--email',
      'hanh@example.gov.vn',
    );
    const chiefToken = TOKEN.exec(added.output)![0];
    const chief = (await Staff.findOne({ email: 'hanh@example.gov.vn' }).lean())!;
    const principal = {
      id: chief._id.toString(),
      name: chief.name,
      email: chief.email,
      role: chief.role,
      apiTokenId: '',
    };
    const dashboard = async (sessionId: string) =>
      (await monitorFetch(svc.url, '/monitor', { cookie: `hl_monitor_session=${sessionId}` })).text;
    const first = await openLinkSession(principal, new Date());
    expect(await dashboard(first.sessionId)).to.contain('Theo dõi xử lý phản ánh, kiến nghị');

    const secret = svc.service.ctx.config.LINK_SECRET;
    const linkId = (await issueLoginLink(secret, 'hanh@example.gov.vn', ['chief'], new Date()))!;
    const linkToken = loginLinkToken(secret, linkId, (await LoginLink.findById(linkId).lean())!.salt);
    expect((await monitorFetch(svc.url, `/monitor/login/${linkToken}`)).status).to.equal(200);

    const locked = await staffCli('disable', '--email', 'Hanh@Example.gov.vn');
    expect(locked.code, locked.output).to.equal(0);
    expect(locked.output).to.contain(
      'Đã khóa tài khoản hanh@example.gov.vn: thu hồi 1 mã truy cập, đóng 1 phiên',
    );
    expect((await api(svc.url, 'GET', '/api/v1/categories', { token: chiefToken })).status).to.equal(401);
    expect(await dashboard(first.sessionId)).to.contain('Gửi đường dẫn đăng nhập');
    expect((await staffCli('list')).output).to.match(
      /hanh@example\.gov\.vn\tchief\tVõ Thị Hạnh\t\(đã khóa\)/,
    );

    const unlocked = await staffCli('enable', '--email', 'hanh@example.gov.vn');
    expect(unlocked.code, unlocked.output).to.equal(0);
    expect(
      (await api(svc.url, 'GET', '/api/v1/categories', { token: chiefToken })).status,
      'a token from before the lock stays revoked',
    ).to.equal(401);
    expect(await dashboard(first.sessionId), 'a session ended by the lock stays ended').to.contain(
      'Gửi đường dẫn đăng nhập',
    );
    expect(
      (await monitorFetch(svc.url, `/monitor/login/${linkToken}`)).status,
      'a login link from before the lock stays dead',
    ).to.equal(410);
    const fresh = TOKEN.exec((await staffCli('token', '--email', 'hanh@example.gov.vn')).output)![0];
    expect((await api(svc.url, 'GET', '/api/v1/categories', { token: fresh })).status).to.equal(200);

    const second = await openLinkSession(principal, new Date());
    expect(await dashboard(second.sessionId)).to.contain('Theo dõi xử lý phản ánh, kiến nghị');
    const revoked = await staffCli('revoke', '--email', 'hanh@example.gov.vn');
    expect(revoked.output).to.contain('Đã thu hồi 1 mã truy cập và đóng 1 phiên đăng nhập');
    expect(await dashboard(second.sessionId)).to.contain('Gửi đường dẫn đăng nhập');
    expect((await staffCli('disable', '--email', 'nobody@example.gov.vn')).code).to.equal(1);
  });

  it('issues a token that expires (--expires-in) and carries a scope (--scope), and refuses bad ones', async () => {
    const issued = await staffCli(
      'token',
      '--email',
      'operator@intake-cli.test',
      '--expires-in',
      '90d',
      '--scope',
      'read',
      '--json',
    );
    expect(issued.code, issued.output).to.equal(0);
    const printed = JSON.parse(issued.output.trim().split('\n').at(-1)!) as {
      token: string;
      scopes: string[];
      expiresAt: string;
    };
    expect(printed.scopes).to.deep.equal(['read']);
    const days = (Date.parse(printed.expiresAt) - Date.now()) / 86_400_000;
    expect(days).to.be.within(89.9, 90.1);
    expect((await api(svc.url, 'GET', '/api/v1/tickets', { token: printed.token })).status).to.equal(200);
    const refused = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: printed.token,
      body: ticketBody(),
    });
    expect(refused.status).to.equal(403);
    expect(refused.body.error.code).to.equal('TOKEN_SCOPE_MISSING');

    const bad = await staffCli('token', '--email', 'operator@intake-cli.test', '--expires-in', 'soon');
    expect(bad.code).to.equal(1);
    expect(bad.output).to.contain('--expires-in');
  });

  it('tells to start `npm start` or set MONGODB_URI when there is no database to reach', async () => {
    const run = startChild('npx', ['tsx', 'scripts/staff.ts', 'list'], {
      MONGODB_URI: '',
      DATA_DIR: `/tmp/no-such-dir-${process.pid}`,
    });
    expect(await run.exited).to.equal(1);
    expect(run.output()).to.contain('npm start').and.contain('MONGODB_URI');
  });

  it('records token creation and revocation by the CLI in the access log (who ran it, which token)', async () => {
    const added = await staffCli(
      'add',
      '--role',
      'chief',
      '--name',
      'Mai Văn Nhật',
      '--email',
      'nhat@example.gov.vn',
    );
    expect(added.code, added.output).to.equal(0);
    const prefix = TOKEN.exec(added.output)![0].slice(0, 11);
    const revoked = await staffCli('revoke', '--token-prefix', prefix);
    expect(revoked.code, revoked.output).to.equal(0);
    const log = await api(svc.url, 'GET', '/api/v1/access-log?limit=200', { token: svc.tokens.admin });
    const rows = log.body.items.filter((row: { target?: string }) => row.target === prefix);
    expect(
      rows.map((row: { kind: string; role: string; ip: string }) => [row.kind, row.role, row.ip]),
    ).to.deep.equal([
      ['token_revoked', 'cli', 'cli'],
      ['token_created', 'cli', 'cli'],
    ]);
    expect(rows[1].actorName).to.match(/^CLI: /);
    expect(rows[1].data).to.include({ email: 'nhat@example.gov.vn', role: 'chief', command: 'add' });
  });
});

describe('first start with no staff', function () {
  this.timeout(90_000);

  it('creates one admin however often it is asked', async () => {
    const drop = await useFreshDatabase('intake-bootstrap-unit');
    try {
      const results = await Promise.all([ensureBootstrapAdmin(new Date()), ensureBootstrapAdmin(new Date())]);
      expect(results.filter(Boolean)).to.have.length(1);
      expect(await ensureBootstrapAdmin(new Date())).to.equal(undefined);
      expect(await Staff.countDocuments({ role: 'admin' })).to.equal(1);
    } finally {
      await drop();
    }
  });

  it('hands out a one-time admin token on `npm start` against an empty database (in a file the log names, never in the log), and not again on restart', async () => {
    const database = uniqueDatabaseName('intake-bootstrap');
    const prefix = uniqueQueuePrefix('intake-bootstrap');
    const port = await freePort();
    const env = {
      MONGODB_URI: uriWithDatabase(testMongoUri(), database),
      PORT: String(port),
      QUEUE_PREFIX: prefix,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATA_DIR: `/tmp/intake-bootstrap-${process.pid}`,
    };
    const first = startChild(process.execPath, ['--import', 'tsx', 'main/main.ts', '--http'], env);
    try {
      const [, file] = await first.waitFor(/warn.*First start.*its API token is in (\S+) \(readable/);
      await first.waitFor(/HTTP service listening/);
      const token = TOKEN.exec(await readFile(file!, 'utf8'))![0];
      expect(first.output()).not.to.contain(token);
      const res = await api(`http://127.0.0.1:${port}`, 'POST', '/api/v1/tickets', {
        token,
        body: ticketBody(),
      });
      expect(res.status).to.equal(201);
    } finally {
      await first.stop();
    }

    const second = startChild(process.execPath, ['--import', 'tsx', 'main/main.ts', '--http'], env);
    try {
      await second.waitFor(/HTTP service listening/);
      expect(second.output()).not.to.match(/First start/);
      expect(second.output()).not.to.match(TOKEN);
    } finally {
      await second.stop();
      await deleteQueuePrefix(prefix);
      const cleanup = mongoose.createConnection(uriWithDatabase(testMongoUri(), database));
      await cleanup.asPromise();
      await cleanup.dropDatabase();
      await cleanup.close();
    }
  });
});
