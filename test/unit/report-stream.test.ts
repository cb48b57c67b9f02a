import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { writeReportCsv } from '../../services/monitor/report-csv.js';
import type { ReportRow } from '../../services/monitor/report-rows.js';
import { writeReportXlsx } from '../../services/monitor/report-xlsx.js';

const ROWS = 20_000;

function row(i: number): ReportRow {
  return {
    code: `1022-2026-${String(i).padStart(6, '0')}`,
    receivedAt: new Date(Date.UTC(2026, 2, 1, 1) + i * 60_000),
    categoryName: 'Di sản văn hóa, di tích',
    unitName: 'Phòng Quản lý Di sản',
    deadline: new Date(Date.UTC(2026, 2, 8, 10) + i * 60_000),
    answeredAt: undefined,
    punctuality: 'Chưa đến hạn',
    lateHours: undefined,
    escalationLevel: 0,
    outcome: 'Đã chuyển đơn vị xử lý',
    level: 'Mức 2 – chuyển một đơn vị xử lý',
    channel: 'Điện thoại',
    result: 'Đang xử lý',
    forwardedAfterWorkingDays: undefined,
    citizen: 'Không xuất (báo cáo không kèm danh tính)',
  };
}

/** A reader that takes nothing until `release()`: what a slow download looks like to the writer. */
function stalledReader() {
  const chunks: Buffer[] = [];
  const held: Array<() => void> = [];
  let released = false;
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      if (released) callback();
      else held.push(() => callback());
    },
  });
  return {
    out,
    body: () => Buffer.concat(chunks),
    release() {
      released = true;
      for (const callback of held.splice(0)) callback();
    },
  };
}

/** Runs `write` against a stalled reader; resolves with how many rows it had read when it stopped to wait. */
async function rowsReadBeforeWaiting(
  write: (rows: AsyncIterable<ReportRow>, onWait: () => void) => Promise<void>,
): Promise<{ readWhenWaiting: number; done: Promise<void> }> {
  let read = 0;
  async function* rows(): AsyncGenerator<ReportRow> {
    for (let i = 0; i < ROWS; i++) {
      read++;
      yield row(i);
    }
  }
  let waited: (count: number) => void = () => undefined;
  const waiting = new Promise<number>((resolve) => (waited = resolve));
  const done = write(rows(), () => waited(read));
  const readWhenWaiting = await Promise.race([
    waiting,
    done.then(() => {
      throw new Error('the writer read every row without waiting for its reader');
    }),
  ]);
  return { readWhenWaiting, done };
}

describe('streamed report writers (issue 21)', () => {
  it('XLSX: stops reading rows while nobody reads the file, then finishes it whole', async () => {
    const reader = stalledReader();
    const { readWhenWaiting, done } = await rowsReadBeforeWaiting((rows, onWait) =>
      writeReportXlsx(reader.out, rows, async () => ({ units: [], levels: [] }), 'Báo cáo thử', {
        maxBufferedBytes: 64 * 1024,
        onWait,
      }),
    );
    expect(readWhenWaiting, 'rows read before waiting for the reader').to.be.lessThan(ROWS / 2);
    reader.release();
    await done;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(reader.body() as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Phiếu')!;
    expect(sheet.rowCount).to.equal(ROWS + 1);
    expect(sheet.getRow(ROWS + 1).getCell(1).value).to.equal(row(ROWS - 1).code);
    expect(workbook.getWorksheet('Tổng hợp theo đơn vị')).to.not.equal(undefined);
  });

  it('CSV: stops reading rows while nobody reads the file, then finishes it whole', async () => {
    const reader = stalledReader();
    const { readWhenWaiting, done } = await rowsReadBeforeWaiting((rows, onWait) =>
      writeReportCsv(reader.out, rows, async () => ({ units: [], levels: [] }), { onWait }),
    );
    expect(readWhenWaiting).to.be.lessThan(ROWS / 2);
    reader.release();
    await done;
    const lines = reader.body().toString('utf8').split('\r\n');
    expect(lines.indexOf('')).to.equal(ROWS + 1);
  });
});
