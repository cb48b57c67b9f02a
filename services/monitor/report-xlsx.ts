import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import {
  LEVEL_SUMMARY_COLUMNS,
  REPORT_COLUMNS,
  SUMMARY_COLUMNS,
  type ReportRow,
  type ReportSummary,
} from './report-rows.js';
import { whileBuffered, type StreamOptions } from './report-stream.js';

/** Vietnam is UTC+7 all year; Excel has no time zones, so instants are written as Vietnamese wall-clock time. */
const VIETNAM_OFFSET_MS = 7 * 3600_000;
const DATE_FORMAT = 'dd/mm/yyyy hh:mm';
/** Rows written between two looks at how much output waits for the reader. */
const ROWS_PER_CHECK = 200;

const NUMBER_FORMATS: Partial<Record<string, string>> = {
  receivedAt: DATE_FORMAT,
  deadline: DATE_FORMAT,
  answeredAt: DATE_FORMAT,
  lateHours: '0.0',
  onTimeRate: '0.0%',
};

function wallClock(value: Date | undefined): Date | undefined {
  return value ? new Date(value.getTime() + VIETNAM_OFFSET_MS) : undefined;
}

/** Columns with their number formats set before any row, so that each streamed cell is born with its format. */
function columnsOf(columns: ReadonlyArray<{ key: string; header: string; width: number }>) {
  return columns.map((column) => {
    const numFmt = NUMBER_FORMATS[column.key];
    return {
      header: column.header,
      key: column.key,
      width: column.width,
      ...(numFmt ? { style: { numFmt } } : {}),
    };
  });
}

/**
 * Bytes ExcelJS holds that the reader has not taken: the zip's output queue and what waits at the
 * entry it is compressing (a sheet's stream pushes there without waiting; exceljs 4.4).
 */
function bufferedBytes(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheet: ExcelJS.Worksheet): number {
  const zip = (workbook as unknown as { zip: { _readableState?: { length: number } } }).zip;
  const pipes = (sheet as unknown as { stream?: { pipes?: Array<{ _writableState?: { length: number } }> } })
    .stream?.pipes;
  return (
    (zip._readableState?.length ?? 0) +
    (pipes ?? []).reduce((sum, pipe) => sum + (pipe._writableState?.length ?? 0), 0)
  );
}

/**
 * The report as an Excel workbook, streamed to `out`: a sheet with one row per ticket, written as the
 * rows arrive (memory holds a few hundred of them, whatever the month), then a summary sheet per
 * unit and one by processing level (with the outcomes and a total row), asked for once the rows are
 * written. Cells are typed (text, number, date), so no text is
 * ever read as a formula.
 */
export async function writeReportXlsx(
  out: Writable,
  rows: AsyncIterable<ReportRow>,
  summary: () => Promise<ReportSummary>,
  title: string,
  options: StreamOptions = {},
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  workbook.creator = 'Tổng đài 1022';
  workbook.title = title;

  const tickets = workbook.addWorksheet('Phiếu', { views: [{ state: 'frozen', ySplit: 1 }] });
  tickets.columns = columnsOf(REPORT_COLUMNS);
  tickets.getRow(1).font = { bold: true };
  tickets.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: REPORT_COLUMNS.length } };
  tickets.getRow(1).commit();
  let written = 0;
  for await (const row of rows) {
    tickets
      .addRow({
        ...row,
        receivedAt: wallClock(row.receivedAt),
        deadline: wallClock(row.deadline),
        answeredAt: wallClock(row.answeredAt),
      })
      .commit();
    if (++written % ROWS_PER_CHECK === 0)
      await whileBuffered(() => bufferedBytes(workbook, tickets), out, options);
  }
  tickets.commit();

  const units = workbook.addWorksheet('Tổng hợp theo đơn vị', { views: [{ state: 'frozen', ySplit: 1 }] });
  units.columns = columnsOf(SUMMARY_COLUMNS);
  units.getRow(1).font = { bold: true };
  const { units: unitRows, levels: levelRows } = await summary();
  for (const row of unitRows) units.addRow(row).commit();
  units.commit();

  // What the switchboard reports each month: tickets by processing level, with their outcomes.
  const levels = workbook.addWorksheet('Tổng hợp theo mức xử lý', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  levels.columns = columnsOf(LEVEL_SUMMARY_COLUMNS);
  levels.getRow(1).font = { bold: true };
  levels.getRow(1).commit();
  levelRows.forEach((row, index) => {
    const added = levels.addRow(row);
    if (index === levelRows.length - 1) added.font = { bold: true };
    added.commit();
  });
  levels.commit();
  await workbook.commit();
}
