import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';
import { unitRows } from '../../shared/oversight/ticket-stats.js';
import { parseInput } from '../http/validate-input.js';
import { loadForPeriod, workingTimeOn } from './monitor-stats.js';
import { ExportQuerySchema } from './period-query.js';
import { reportCsv } from './report-csv.js';
import { levelSummaryRows, reportRow, summaryRow, type ReportIdentities } from './report-rows.js';
import { breakdown } from '../../shared/oversight/ticket-breakdown.js';
import { AppError } from '../../shared/errors/app-error.js';
import { findTicketIdentities } from '../../shared/tickets/repository/ticket-privacy.js';
import { reportXlsx } from './report-xlsx.js';

export interface ExportedReport {
  filename: string;
  contentType: string;
  body: Buffer;
  /** Whether the file carries citizens' names and phones (for the access log). */
  withIdentities: boolean;
}

/**
 * The monthly report (báo cáo định kỳ): every ticket received in the period with its deadline,
 * answer and lateness in office hours, and the per-unit summary computed by the same helpers as the
 * dashboard. Ticket texts are left out: the file travels by e-mail. Citizens' names and phones
 * too, unless the person exporting asks for them (`identities`) and their role is one of the privacy
 * policy's `exportIdentityRoles`; even then a confidential complainant is shown only to the roles
 * that may see one. The file name, title and every row say which it is.
 */
export async function exportReport(
  domain: TicketDomain,
  staff: StaffPrincipal,
  rawQuery: unknown,
  now: Date,
): Promise<ExportedReport> {
  const query = parseInput(ExportQuerySchema, rawQuery);
  const { period, tickets } = await loadForPeriod(domain, staff, query, now);
  const workingTime = workingTimeOn(domain);
  const received = tickets.filter(
    (t) => t.receivedAt.getTime() >= period.from.getTime() && t.receivedAt.getTime() < period.to.getTime(),
  );
  if (query.identities && !domain.privacy.exportIdentityRoles.includes(staff.role)) {
    throw new AppError(403, 'FORBIDDEN');
  }
  const identities: ReportIdentities = query.identities
    ? {
        include: true,
        viewer: staff.role,
        tickets: await findTicketIdentities(received.map((ticket) => ticket._id.toString())),
      }
    : { include: false };
  const rows = received.map((ticket) => reportRow(domain, ticket, now, workingTime, identities));
  const summary = unitRows(
    tickets,
    period,
    now,
    workingTime,
    domain.table.units.map((unit) => unit.code),
  ).map((row) => summaryRow({ ...row, unitName: domain.unit(row.unitCode)?.name ?? row.unitCode }));
  const levels = levelSummaryRows(breakdown(received));
  const withIdentities = query.identities;
  const name = `bao-cao-1022-${period.firstDate}-den-${period.lastDate}${withIdentities ? '-kem-danh-tinh' : ''}`;
  if (query.format === 'csv') {
    return {
      filename: `${name}.csv`,
      contentType: 'text/csv; charset=utf-8',
      body: Buffer.from(reportCsv(rows, summary, levels), 'utf8'),
      withIdentities,
    };
  }
  return {
    filename: `${name}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: await reportXlsx(
      rows,
      summary,
      `Báo cáo Tổng đài 1022 ${period.firstDate} – ${period.lastDate}${withIdentities ? ' (kèm danh tính người phản ánh)' : ' (không kèm danh tính)'}`,
      levels,
    ),
    withIdentities,
  };
}
