import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { randomInt } from 'node:crypto';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { sendDailyDigest } from '../../shared/digest/send-daily-digest.js';
import { createMailTransport } from '../../shared/mail/transport.js';
import { enqueueRoute } from '../../shared/queue/enqueue.js';
import { sweepOwedWork } from '../../shared/reconcile/sweep-owed-work.js';
import type { RuntimeDeps } from '../../shared/runtime-deps.js';
import { hiddenField, monitorFetch, monitorStaff, type MonitorStaff } from '../support/monitor-client.js';
import { secondsPolicy, seedReceivedTicket, startPipeline, type Pipeline } from '../support/pipeline.js';
import { settableClock } from '../support/settable-clock.js';

/** Thursday 10 December 2026, 07:00 in Vietnam: before the 07:30 digest. */
const START = new Date('2026-12-10T00:00:00Z');
/** Wednesday 9 December 2026, 10:00: the day the digest of the 10th reports. */
const YESTERDAY = new Date('2026-12-09T03:00:00Z');

const code = () => `1022-2026-${String(randomInt(100000, 999999))}`;

/**
 * Processing levels through the Office Chief's page, `/api/v1/stats`, the daily digest e-mail and the
 * monthly report's XLSX and CSV. The service's clock moves only when the test moves it.
 */
describe('processing levels (1 at intake, 2 routed, 3 complex) and the counts by level, channel and outcome', function () {
  this.timeout(60_000);
  const time = settableClock(START);
  let pipeline: Pipeline;
  let chief: MonitorStaff;
  let url: string;
  const runtime = (): RuntimeDeps => pipeline.service.ctx as unknown as RuntimeDeps;

  before(async () => {
    pipeline = await startPipeline('levels', {
      http: true,
      clock: time.clock,
      policy: secondsPolicy({ complexDeadline: { seconds: 60 } }),
    });
    url = pipeline.service.url!;
    chief = await monitorStaff('chief', 'Trần Văn Bình', 'chief@levels.test', time.now());
  });
  after(async () => pipeline?.stop());

  it('marks a ticket complex with a reason: level 3, the deadline moves to the longer span and the timers follow it', async () => {
    const ticketCode = code();
    const ticketId = await seedReceivedTicket({
      code: ticketCode,
      category: 'sports',
      receivedAt: time.now(),
    });
    await enqueueRoute(pipeline.service.ctx.queues, ticketId);
    await pipeline.mail.waitFor(
      (m) => m.headers['x-hotline-ticket'] === ticketCode && m.messageId.includes('.assign-1@'),
    );
    const routed = (await Ticket.findById(ticketId).lean())!;
    expect(routed.assignment!.deadline.getTime() - routed.assignment!.assignedAt.getTime()).to.equal(4_000);

    const page = await monitorFetch(url, `/monitor/tickets/${ticketCode}`, { cookie: chief.cookie });
    expect(page.text).to.contain('Mức 2 – chuyển một đơn vị xử lý');
    const field = (name: string) => hiddenField(page.text, '/complex', name);
    const form = {
      _csrf: field('_csrf'),
      formId: field('formId'),
      expectedStatus: field('expectedStatus'),
      expectedNo: field('expectedNo'),
    };
    const empty = await monitorFetch(url, `/monitor/tickets/${ticketCode}/complex`, {
      cookie: chief.cookie,
      form: { ...form, reason: '   ' },
    });
    expect(empty.status, 'a reason is required').to.equal(400);
    expect(empty.text).to.contain('Vui lòng nhập nội dung.');

    const done = await monitorFetch(url, `/monitor/tickets/${ticketCode}/complex`, {
      cookie: chief.cookie,
      form: { ...form, reason: 'Liên quan nhiều đơn vị, cần kiểm tra hiện trường.' },
    });
    expect(done.status).to.equal(303);
    const marked = (await Ticket.findById(ticketId).lean())!;
    expect(marked.processingLevel).to.equal(3);
    expect(marked.complexity!.reason).to.equal('Liên quan nhiều đơn vị, cần kiểm tra hiện trường.');
    expect(marked.assignment!.deadline.getTime()).to.equal(routed.assignment!.assignedAt.getTime() + 60_000);
    expect(marked.next!.seq).to.be.greaterThan(routed.next!.seq);
    expect(marked.events.filter((e) => e.type === 'marked_complex')).to.have.length(1);

    const after = await monitorFetch(url, `/monitor/tickets/${ticketCode}`, { cookie: chief.cookie });
    expect(after.text).to.contain('Mức 3 – phức tạp');
    expect(after.text).to.contain('Xác định vụ việc phức tạp (mức 3)');
    expect(after.text).not.to.contain('id="complex-submit"');

    // Past the old deadline nothing is owed; past the new one the escalation comes, on the new deadline.
    time.advance(10_000);
    expect((await sweepOwedWork(runtime())).timers).to.equal(0);
    time.advance(55_000);
    await pipeline.mail.waitFor(
      (m) => m.headers['x-hotline-ticket'] === ticketCode && m.messageId.includes('.escalate-1-1@'),
      { timeoutMs: 15_000 },
    );
  });

  it('counts tickets by level, channel and outcome in /api/v1/stats, the daily digest and the monthly report', async () => {
    await Ticket.deleteMany({});
    const seed = (fields: Record<string, unknown>) =>
      seedReceivedTicket({ code: code(), receivedAt: YESTERDAY, next: null, ...fields });
    const assignment = (unitCode: string) => ({
      no: 1,
      unitCode,
      informed: [],
      assignedAt: YESTERDAY,
      deadline: new Date(YESTERDAY.getTime() + 7 * 24 * 3600_000),
      tokenHash: `hash-${randomInt(1e9)}`,
      tokenSalt: 'salt',
      tokenExpiresAt: new Date(YESTERDAY.getTime() + 40 * 24 * 3600_000),
    });
    await seed({
      status: 'resolved_at_intake',
      channel: 'zalo',
      intakeAnswer: { text: 'Đã hướng dẫn.', answeredAt: YESTERDAY },
    });
    await seed({ status: 'assigned', channel: 'phone', assignment: assignment('QLVH') });
    await seed({
      status: 'closed',
      channel: 'phone',
      assignment: assignment('QLVH'),
      answer: { text: 'Đã xử lý.', answeredAt: YESTERDAY, unitCode: 'QLVH', assignmentNo: 1, onTime: true },
      closure: { outcome: 'satisfied', calledBackAt: YESTERDAY, closedAt: YESTERDAY },
    });
    await seed({ status: 'assigned', channel: 'email', processingLevel: 3, assignment: assignment('QLVH') });
    await seed({
      status: 'closed',
      channel: 'phone',
      assignment: assignment('VP'),
      forwarding: {
        destinationCode: 'SYT',
        recipient: 'Sở Y tế',
        forwardedAt: YESTERDAY,
        workingDays: 6,
        late: true,
      },
      closure: { note: 'Chuyển Sở Y tế.', closedAt: YESTERDAY },
    });

    // /api/v1/stats
    const stats = await fetch(`${url}/api/v1/stats?from=2026-12-09&to=2026-12-09`, {
      headers: { authorization: `Bearer ${chief.token}` },
    });
    expect(stats.status).to.equal(200);
    const body = (await stats.json()) as {
      breakdown: {
        total: number;
        byLevel: Record<string, number>;
        byChannel: Record<string, number>;
        byOutcome: Record<string, number>;
        forwarded: { total: number; late: number };
      };
    };
    expect(body.breakdown.total).to.equal(5);
    expect(body.breakdown.byLevel).to.deep.equal({ 1: 1, 2: 3, 3: 1 });
    expect(body.breakdown.byChannel).to.deep.include({ phone: 3, zalo: 1, email: 1, web: 0 });
    expect(body.breakdown.byOutcome).to.deep.include({
      answered_at_intake: 1,
      in_progress: 2,
      satisfied: 1,
      forwarded: 1,
      no_response: 0,
    });
    expect(body.breakdown.forwarded).to.deep.equal({ total: 1, late: 1 });

    // The dashboard shows the same, and the level filter lists only level 3.
    const dashboard = await monitorFetch(url, '/monitor?from=2026-12-09&to=2026-12-09', {
      cookie: chief.cookie,
    });
    expect(dashboard.text).to.match(/data-level="3">1</);
    expect(dashboard.text).to.contain('trong đó 1 phiếu quá 5 ngày làm việc');
    const levelThree = await monitorFetch(url, '/monitor/tickets?level=3', { cookie: chief.cookie });
    expect(levelThree.status).to.equal(200);
    expect((levelThree.text.match(/\/monitor\/tickets\/1022-/g) ?? []).length).to.equal(1);
    expect(levelThree.text).to.contain('Mức 3</span>');
    const everyLevel = await monitorFetch(url, '/monitor/tickets?level=', { cookie: chief.cookie });
    expect((everyLevel.text.match(/\/monitor\/tickets\/1022-/g) ?? []).length).to.equal(5);
    expect(everyLevel.text).to.contain('Đã chuyển ngoài Sở, quá 5 ngày làm việc');
    const badLevel = await monitorFetch(url, '/monitor/tickets?level=4', { cookie: chief.cookie });
    expect(badLevel.status).to.equal(400);

    time.advance(Date.parse('2026-12-10T00:31:00Z') - time.now().getTime()); // 07:31 on the 10th
    // The daily digest of Thursday 10 December reports Wednesday's intake by level, channel and outcome.
    const transport = createMailTransport(pipeline.mail.smtpUrl);
    try {
      await sendDailyDigest({ ...runtime(), mail: transport });
    } finally {
      transport.close();
    }
    const [digest] = await pipeline.mail.waitFor((m) => m.messageId.startsWith('digest-2026-12-10@'));
    expect(digest!.text).to.contain(
      'Theo mức xử lý: Mức 1 – trả lời ngay khi tiếp nhận: 1; Mức 2 – chuyển một đơn vị xử lý: 3; Mức 3 – phức tạp: 1',
    );
    expect(digest!.text).to.contain('Điện thoại: 3');
    expect(digest!.text).to.contain('Chuyển ra ngoài Sở: 1');

    // The monthly report: the columns and the summary sheet by level, read back with exceljs.
    const xlsx = await fetch(`${url}/api/v1/reports/export?from=2026-12-09&to=2026-12-09&format=xlsx`, {
      headers: { authorization: `Bearer ${chief.token}` },
    });
    expect(xlsx.status).to.equal(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const tickets = workbook.getWorksheet('Phiếu')!;
    const headers = (tickets.getRow(1).values as unknown[]).slice(1);
    for (const header of [
      'Mức xử lý',
      'Kênh tiếp nhận',
      'Kết quả xử lý',
      'Chuyển ngoài Sở sau (ngày làm việc)',
    ])
      expect(headers).to.include(header);
    const column = (header: string) => headers.indexOf(header) + 1;
    const cells = (header: string) =>
      Array.from({ length: tickets.rowCount - 1 }, (_, i) =>
        String(tickets.getRow(i + 2).getCell(column(header)).value),
      );
    expect(cells('Mức xử lý').filter((v) => v.startsWith('Mức 3'))).to.have.length(1);
    expect(cells('Kênh tiếp nhận').filter((v) => v === 'Zalo')).to.have.length(1);
    expect(cells('Kết quả xử lý')).to.include('Chuyển ra ngoài Sở (quá 5 ngày làm việc)');
    expect(cells('Kết quả xử lý')).to.include('Hài lòng');

    const summary = workbook.getWorksheet('Tổng hợp theo mức xử lý')!;
    const summaryHeaders = (summary.getRow(1).values as unknown[]).slice(1);
    expect(summaryHeaders.slice(0, 2)).to.deep.equal(['Mức xử lý', 'Tiếp nhận trong kỳ']);
    const rows = Array.from({ length: summary.rowCount - 1 }, (_, i) =>
      (summary.getRow(i + 2).values as unknown[]).slice(1),
    );
    expect(rows.map((row) => [row[0], row[1]])).to.deep.equal([
      ['Mức 1 – trả lời ngay khi tiếp nhận', 1],
      ['Mức 2 – chuyển một đơn vị xử lý', 3],
      ['Mức 3 – phức tạp', 1],
      ['Tổng cộng', 5],
    ]);
    const forwardedColumn = summaryHeaders.indexOf('Chuyển ra ngoài Sở');
    expect(rows[1]![forwardedColumn]).to.equal(1);

    const csv = await fetch(`${url}/api/v1/reports/export?from=2026-12-09&to=2026-12-09&format=csv`, {
      headers: { authorization: `Bearer ${chief.token}` },
    });
    const text = await csv.text();
    expect(text).to.contain('Mức 3 – phức tạp,1,');
    expect(text).to.contain('Tổng cộng,5,');
  });
});
