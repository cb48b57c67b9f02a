import {
  instantText,
  LEVEL_SUMMARY_COLUMNS,
  REPORT_COLUMNS,
  SUMMARY_COLUMNS,
  type LevelSummaryRow,
  type ReportRow,
  type ReportSummary,
  type SummaryRow,
} from './report-rows.js';

import type { Writable } from 'node:stream';
import { checkReader, drained, type StreamOptions } from './report-stream.js';

/** Excel takes a file without a byte-order mark for the local code page and garbles Vietnamese. */
const UTF8_BOM = '\uFEFF';

/**
 * Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab/CR that some
 * programs skip before one) gets a leading apostrophe, so a ticket's text can never become a
 * formula in the Office Chief's Excel (OWASP "CSV injection").
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function field(value: string | number | Date | undefined): string {
  let text: string;
  if (value === undefined) text = '';
  else if (value instanceof Date) text = instantText(value);
  else if (typeof value === 'number') text = String(value);
  else text = neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function line(values: Array<string | number | Date | undefined>): string {
  return values.map(field).join(',');
}

function summaryLine(row: SummaryRow): string {
  return line(
    SUMMARY_COLUMNS.map((column) =>
      column.key === 'onTimeRate'
        ? row.onTimeRate === undefined
          ? undefined
          : `${Math.round(row.onTimeRate * 1000) / 10}%`
        : row[column.key],
    ),
  );
}

/** After the per-unit summary and an empty line: the summary by processing level. */
function levelLines(levels: readonly LevelSummaryRow[]): string[] {
  if (levels.length === 0) return [];
  return [
    '',
    line(LEVEL_SUMMARY_COLUMNS.map((column) => column.header)),
    ...levels.map((row) => line(LEVEL_SUMMARY_COLUMNS.map((column) => row[column.key]))),
  ];
}

/** The whole report as one CSV text (what writeReportCsv streams), for a report already in memory. */
export function reportCsv(
  rows: readonly ReportRow[],
  summary: readonly SummaryRow[],
  levels: readonly LevelSummaryRow[] = [],
): string {
  const lines = [
    line(REPORT_COLUMNS.map((column) => column.header)),
    ...rows.map((row) => line(REPORT_COLUMNS.map((column) => row[column.key]))),
    '',
    line(SUMMARY_COLUMNS.map((column) => column.header)),
    ...summary.map(summaryLine),
    ...levelLines(levels),
  ];
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}

/** Lines written between two waits for the reader, if it is behind. */
const LINES_PER_WRITE = 200;

/**
 * The report as CSV (RFC 4180, UTF-8 with BOM, CRLF), streamed to `out` as the rows arrive: the
 * tickets, then, after an empty line, the per-unit summary and the summary by processing level
 * (asked for once the rows are written).
 * Numbers keep a decimal point; the XLSX export is the one for Excel in Vietnamese.
 */
export async function writeReportCsv(
  out: Writable,
  rows: AsyncIterable<ReportRow>,
  summary: () => Promise<ReportSummary>,
  options: StreamOptions = {},
): Promise<void> {
  let pending: string[] = [`${UTF8_BOM}${line(REPORT_COLUMNS.map((column) => column.header))}`];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const text = `${pending.join('\r\n')}\r\n`;
    pending = [];
    checkReader(out);
    if (!out.write(text, 'utf8')) {
      options.onWait?.();
      await drained(out);
    }
  };
  for await (const row of rows) {
    pending.push(line(REPORT_COLUMNS.map((column) => row[column.key])));
    if (pending.length >= LINES_PER_WRITE) await flush();
  }
  pending.push('', line(SUMMARY_COLUMNS.map((column) => column.header)));
  const { units, levels } = await summary();
  for (const row of units) pending.push(summaryLine(row));
  pending.push(...levelLines(levels));
  await flush();
  out.end();
}
