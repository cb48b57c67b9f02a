import ExcelJS from 'exceljs';
import {
  LEVEL_SUMMARY_COLUMNS,
  REPORT_COLUMNS,
  SUMMARY_COLUMNS,
  type LevelSummaryRow,
  type ReportRow,
  type SummaryRow,
} from './report-rows.js';

/** Vietnam is UTC+7 all year; Excel has no time zones, so instants are written as Vietnamese wall-clock time. */
const VIETNAM_OFFSET_MS = 7 * 3600_000;
const DATE_FORMAT = 'dd/mm/yyyy hh:mm';

function wallClock(value: Date | undefined): Date | undefined {
  return value ? new Date(value.getTime() + VIETNAM_OFFSET_MS) : undefined;
}

/**
 * The report as an Excel workbook: a sheet with one row per ticket, a summary sheet per unit and one
 * by processing level (with the outcomes and a total row).
 * Cells are typed (text, number, date), so no text is ever read as a formula.
 */
export async function reportXlsx(
  rows: readonly ReportRow[],
  summary: readonly SummaryRow[],
  title: string,
  levelSummary: readonly LevelSummaryRow[] = [],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tổng đài 1022';
  workbook.title = title;

  const tickets = workbook.addWorksheet('Phiếu', { views: [{ state: 'frozen', ySplit: 1 }] });
  tickets.columns = REPORT_COLUMNS.map((column) => ({
    header: column.header,
    key: column.key,
    width: column.width,
  }));
  for (const row of rows) {
    tickets.addRow({
      ...row,
      receivedAt: wallClock(row.receivedAt),
      deadline: wallClock(row.deadline),
      answeredAt: wallClock(row.answeredAt),
    });
  }
  for (const key of ['receivedAt', 'deadline', 'answeredAt']) tickets.getColumn(key).numFmt = DATE_FORMAT;
  tickets.getColumn('lateHours').numFmt = '0.0';
  tickets.getRow(1).font = { bold: true };
  tickets.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: REPORT_COLUMNS.length } };

  const units = workbook.addWorksheet('Tổng hợp theo đơn vị', { views: [{ state: 'frozen', ySplit: 1 }] });
  units.columns = SUMMARY_COLUMNS.map((column) => ({
    header: column.header,
    key: column.key,
    width: column.width,
  }));
  for (const row of summary) units.addRow(row);
  units.getColumn('onTimeRate').numFmt = '0.0%';
  units.getRow(1).font = { bold: true };

  // What the switchboard reports each month: tickets by processing level, with their outcomes.
  const levels = workbook.addWorksheet('Tổng hợp theo mức xử lý', { views: [{ state: 'frozen', ySplit: 1 }] });
  levels.columns = LEVEL_SUMMARY_COLUMNS.map((column) => ({
    header: column.header,
    key: column.key,
    width: column.width,
  }));
  for (const row of levelSummary) levels.addRow(row);
  levels.getRow(1).font = { bold: true };
  if (levelSummary.length) levels.getRow(levelSummary.length + 1).font = { bold: true };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
