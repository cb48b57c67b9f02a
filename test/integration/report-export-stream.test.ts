import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { monitorFetch, monitorStaff, type MonitorStaff } from '../support/monitor-client.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';

/** 10:00 on Monday 13 April 2026 in Đồng Tháp: the service's "now"; March is the month exported. */
const NOW = new Date('2026-04-13T10:00:00+07:00');
const MARCH = new Date('2026-03-01T00:00:00+07:00');
const DAY_MS = 86_400_000;
const TICKETS = 3000;
const UNITS = ['QLDS', 'QLDL', 'TDTT'];

/** Ticket `i` of March: received on day i % 31 at 08:00 + i minutes, answered within its deadline unless i % 10 = 0. */
function marchTicket(i: number) {
  const receivedAt = new Date(MARCH.getTime() + (i % 31) * DAY_MS + 3600_000 + (i % 500) * 60_000);
  const assignedAt = new Date(receivedAt.getTime() + 10 * 60_000);
  const deadline = new Date(assignedAt.getTime() + 7 * DAY_MS);
  const late = i % 10 === 0;
  const answeredAt = new Date(late ? deadline.getTime() + 2 * DAY_MS : assignedAt.getTime() + DAY_MS);
  const unitCode = UNITS[i % UNITS.length]!;
  const code = `1022-2026-S${String(i).padStart(5, '0')}`;
  return {
    _id: new Types.ObjectId(),
    code,
    channel: 'phone',
    receivedAt,
    citizen: { name: 'Nguyễn Văn An', phone: '+84912345678', anonymous: false },
    category: unitCode === 'QLDS' ? 'heritage' : unitCode === 'QLDL' ? 'tourism' : 'sports',
    subject: `Phiếu ${i}`,
    content: 'Nội dung thử nghiệm',
    priority: 'normal',
    status: 'closed',
    assignment: {
      no: 1,
      unitCode,
      informed: [],
      assignedAt,
      deadline,
      tokenHash: `hash-${code}`,
      tokenSalt: 'salt',
      tokenExpiresAt: new Date(deadline.getTime() + 30 * DAY_MS),
    },
    escalation: { level: 0 },
    answer: { text: 'Đã trả lời', answeredAt, assignmentNo: 1, unitCode, onTime: !late },
    closure: { outcome: 'satisfied', calledBackAt: answeredAt, closedAt: answeredAt },
    outbox: [],
    next: null,
    events: [{ at: receivedAt, type: 'received', actor: { kind: 'staff', name: 'test' } }],
  };
}

describe('the monthly export, streamed (issue 21)', function () {
  this.timeout(120_000);
  let pipeline: Pipeline;
  let chief: MonitorStaff;

  before(async () => {
    pipeline = await startPipeline('report-stream', { http: true, workers: false, clock: () => NOW });
    chief = await monitorStaff(
      'chief',
      'Trần Văn Bình',
      'chief@report-stream.test',
      new Date(Math.max(Date.now(), NOW.getTime())),
    );
    for (let first = 0; first < TICKETS; first += 500) {
      await Ticket.insertMany(
        Array.from({ length: 500 }, (_, k) => marchTicket(first + k)),
        { lean: true },
      );
    }
    // A ticket received and assigned in April: not a row, not in March's summary.
    const april = marchTicket(TICKETS);
    const aprilDay = new Date('2026-04-02T08:00:00+07:00');
    await Ticket.insertMany(
      [{ ...april, receivedAt: aprilDay, assignment: { ...april.assignment, assignedAt: aprilDay } }],
      { lean: true },
    );
  });

  after(async () => {
    await pipeline?.stop();
  });

  it('sends a month of 3,000 tickets as XLSX in chunks, one row per ticket and the unit summary after them', async () => {
    const response = await fetch(
      `${pipeline.service.url}/api/v1/reports/export?from=2026-03-01&to=2026-03-31`,
      {
        headers: { authorization: `Bearer ${chief.token}` },
      },
    );
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-length'), 'no length: the file is sent as it is written').to.equal(
      null,
    );
    expect(response.headers.get('transfer-encoding')).to.equal('chunked');
    expect(response.headers.get('content-disposition')).to.contain(
      'bao-cao-1022-2026-03-01-den-2026-03-31.xlsx',
    );
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) chunks.push(chunk.value);
    expect(chunks.length, 'the body arrives in several pieces').to.be.greaterThan(1);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Phiếu')!;
    const codes: string[] = [];
    sheet.eachRow((row, number) => {
      if (number > 1) codes.push(String(row.getCell(1).value));
    });
    expect(codes).to.have.length(TICKETS);
    expect(new Set(codes).size).to.equal(TICKETS);
    expect(codes[0], 'oldest first').to.equal('1022-2026-S00000');
    expect(codes).not.to.include(`1022-2026-S${String(TICKETS).padStart(5, '0')}`);
    const first = sheet.getRow(2);
    expect(first.getCell(2).value).to.be.instanceOf(Date);
    expect(first.getCell(2).numFmt).to.equal('dd/mm/yyyy hh:mm');
    expect(first.getCell(7).value).to.equal('Trễ hạn');

    // The streamed level sheet counts every row of the month: its total row is the month's tickets.
    const levels = workbook.getWorksheet('Tổng hợp theo mức xử lý')!;
    expect(levels.rowCount).to.equal(5);
    expect(levels.getRow(5).getCell(1).value).to.equal('Tổng cộng');
    expect(levels.getRow(5).getCell(2).value).to.equal(TICKETS);

    const summary = workbook.getWorksheet('Tổng hợp theo đơn vị')!;
    const units = new Map<string, ExcelJS.Row>();
    summary.eachRow((row, number) => {
      if (number > 1) units.set(String(row.getCell(1).value), row);
    });
    expect([...units.keys()], "the routing table's order").to.deep.equal([
      'Phòng Quản lý Di sản',
      'Phòng Quản lý Thể dục Thể thao',
      'Phòng Quản lý Du lịch',
    ]);
    const april = new Date('2026-04-01T00:00:00+07:00');
    for (const [unit, name] of [
      ['QLDS', 'Phòng Quản lý Di sản'],
      ['TDTT', 'Phòng Quản lý Thể dục Thể thao'],
      ['QLDL', 'Phòng Quản lý Du lịch'],
    ] as const) {
      const own = Array.from({ length: TICKETS }, (_, i) => marchTicket(i)).filter(
        (t) => t.assignment.unitCode === unit,
      );
      const answeredInMarch = own.filter((t) => t.answer.answeredAt < april);
      const row = units.get(name)!;
      expect(row.getCell(2).value, `${unit} assigned`).to.equal(own.length);
      expect(row.getCell(3).value, `${unit} on time`).to.equal(
        answeredInMarch.filter((t) => t.answer.onTime).length,
      );
      expect(row.getCell(4).value, `${unit} late`).to.equal(
        answeredInMarch.filter((t) => !t.answer.onTime).length,
      );
    }
  });

  it('sends the same month as CSV from the dashboard, line by line: header, 3,000 rows, blank line, summary', async () => {
    const page = await monitorFetch(
      pipeline.service.url!,
      '/monitor/reports/export?format=csv&from=2026-03-01&to=2026-03-31',
      {
        cookie: chief.cookie,
      },
    );
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-length')).to.equal(null);
    const lines = page.text.replace(/^\uFEFF/, '').split('\r\n');
    const blank = lines.indexOf('');
    expect(blank, 'rows, then a blank line').to.equal(TICKETS + 1);
    expect(lines[0]).to.match(/^Mã phiếu,/);
    expect(lines[blank + 1]).to.match(/^Đơn vị,/);
    const unitsEnd = lines.indexOf('', blank + 1);
    expect(lines.slice(blank + 2, unitsEnd)).to.have.length(UNITS.length);
    // Then the summary by processing level: its header, one line per level and the total.
    expect(lines[unitsEnd + 1]).to.match(/^Mức xử lý,/);
    const levelLines = lines.slice(unitsEnd + 2).filter(Boolean);
    expect(levelLines).to.have.length(4);
    expect(levelLines.at(-1)).to.match(new RegExp(`^Tổng cộng,${TICKETS},`));
  });
});
