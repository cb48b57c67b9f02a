import {
  instantText,
  LEVEL_SUMMARY_COLUMNS,
  type LevelSummaryRow,
  REPORT_COLUMNS,
  SUMMARY_COLUMNS,
  type ReportRow,
  type SummaryRow,
} from './report-rows.js';

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

/**
 * The report as CSV (RFC 4180, UTF-8 with BOM, CRLF): the tickets, then, after an empty line, the
 * per-unit summary, then the summary by processing level. Numbers keep a decimal point; the XLSX export is the one for Excel in Vietnamese.
 */
export function reportCsv(
  rows: readonly ReportRow[],
  summary: readonly SummaryRow[],
  levelSummary: readonly LevelSummaryRow[] = [],
): string {
  const lines = [
    line(REPORT_COLUMNS.map((column) => column.header)),
    ...rows.map((row) => line(REPORT_COLUMNS.map((column) => row[column.key]))),
    '',
    line(SUMMARY_COLUMNS.map((column) => column.header)),
    ...summary.map((row) =>
      line(
        SUMMARY_COLUMNS.map((column) =>
          column.key === 'onTimeRate'
            ? row.onTimeRate === undefined
              ? undefined
              : `${Math.round(row.onTimeRate * 1000) / 10}%`
            : row[column.key],
        ),
      ),
    ),
    ...(levelSummary.length
      ? [
          '',
          line(LEVEL_SUMMARY_COLUMNS.map((column) => column.header)),
          ...levelSummary.map((row) => line(LEVEL_SUMMARY_COLUMNS.map((column) => row[column.key]))),
        ]
      : []),
  ];
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
