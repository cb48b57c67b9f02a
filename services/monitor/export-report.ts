import type { Writable } from 'node:stream';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';
import {
  unitTally,
  type StatsScope,
  type StatsTicket,
  type Window,
} from '../../shared/oversight/ticket-stats.js';
import { streamReceivedTickets, streamSummaryTickets } from '../../shared/oversight/report-tickets.js';
import { parseInput } from '../http/validate-input.js';
import { statsScopeOf, workingTimeOn } from './monitor-stats.js';
import { ExportQuerySchema, resolvePeriod } from './period-query.js';
import { writeReportCsv } from './report-csv.js';
import {
  levelSummaryRows,
  reportRow,
  summaryRow,
  type ReportIdentities,
  type ReportRow,
  type ReportSummary,
  type SummaryRow,
} from './report-rows.js';
import { breakdownTally } from '../../shared/oversight/ticket-breakdown.js';
import { AppError } from '../../shared/errors/app-error.js';
import { findTicketIdentities } from '../../shared/tickets/repository/ticket-privacy.js';
import type { StreamOptions } from './report-stream.js';
import { writeReportXlsx } from './report-xlsx.js';

export interface ExportedReport {
  filename: string;
  contentType: string;
  /** Whether the file carries citizens' names and phones (for the access log). */
  withIdentities: boolean;
  /** Streams the file to `out` (and ends it): rows as they come from the database, then the summary. */
  writeTo(out: Writable, options?: StreamOptions): Promise<void>;
}

/** Tickets whose identities are read in one look-up while the rows stream. */
const IDENTITY_BATCH = 200;

interface ReportSource {
  domain: TicketDomain;
  staff: StaffPrincipal;
  scope: StatsScope;
  period: Window;
  now: Date;
  identities: boolean;
}

/**
 * The rows of the tickets received in the period, oldest first, with identities read a batch at a
 * time; each ticket is also counted in `received` (the summary by processing level).
 */
async function* reportRows(
  source: ReportSource,
  received: ReturnType<typeof breakdownTally>,
): AsyncGenerator<ReportRow> {
  const { domain, staff, now } = source;
  const workingTime = workingTimeOn(domain);
  const rowsOf = async (batch: StatsTicket[]): Promise<ReportRow[]> => {
    const identities: ReportIdentities = source.identities
      ? {
          include: true,
          viewer: staff.role,
          tickets: await findTicketIdentities(batch.map((ticket) => ticket._id.toString())),
        }
      : { include: false };
    return batch.map((ticket) => reportRow(domain, ticket, now, workingTime, identities));
  };
  let batch: StatsTicket[] = [];
  for await (const ticket of streamReceivedTickets(source.scope, source.period, now)) {
    batch.push(ticket);
    received.add(ticket);
    if (batch.length === IDENTITY_BATCH) {
      yield* await rowsOf(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield* await rowsOf(batch);
}

/** The per-unit summary, computed by the same rules as the dashboard's, from a stream of tickets. */
async function unitSummaryRows(source: ReportSource): Promise<SummaryRow[]> {
  const { domain, period, now } = source;
  const tally = unitTally(
    period,
    now,
    workingTimeOn(domain),
    domain.table.units.map((unit) => unit.code),
  );
  for await (const ticket of streamSummaryTickets(source.scope, period, now)) tally.add(ticket);
  return tally
    .rows()
    .map((row) => summaryRow({ ...row, unitName: domain.unit(row.unitCode)?.name ?? row.unitCode }));
}

/**
 * The monthly report (báo cáo định kỳ): every ticket received in the period with its deadline,
 * answer and lateness in office hours, the per-unit summary computed by the same helpers as the
 * dashboard, and the summary by processing level with the outcomes. Ticket texts are left out: the file travels by e-mail. Citizens' names and phones
 * too, unless the person exporting asks for them (`identities`) and their role is one of the privacy
 * policy's `exportIdentityRoles`; even then a confidential complainant is shown only to the roles
 * that may see one. The file name, title and every row say which it is.
 *
 * Input and access are checked here, before anything is sent; the file itself is streamed by
 * `writeTo`, so a month of any size costs the same memory (issue 21).
 */
export function exportReport(
  domain: TicketDomain,
  staff: StaffPrincipal,
  rawQuery: unknown,
  now: Date,
): ExportedReport {
  const query = parseInput(ExportQuerySchema, rawQuery);
  const scope = statsScopeOf(domain, staff, query);
  const period = resolvePeriod(query, now);
  if (query.identities && !domain.privacy.exportIdentityRoles.includes(staff.role)) {
    throw new AppError(403, 'FORBIDDEN');
  }
  const withIdentities = query.identities;
  const source: ReportSource = { domain, staff, scope, period, now, identities: withIdentities };
  // Asked for once every row is written, so the level count has seen every received ticket.
  const received = breakdownTally();
  const rows = () => reportRows(source, received);
  const summary = async (): Promise<ReportSummary> => ({
    units: await unitSummaryRows(source),
    levels: levelSummaryRows(received.result()),
  });
  const name = `bao-cao-1022-${period.firstDate}-den-${period.lastDate}${withIdentities ? '-kem-danh-tinh' : ''}`;
  if (query.format === 'csv') {
    return {
      filename: `${name}.csv`,
      contentType: 'text/csv; charset=utf-8',
      withIdentities,
      writeTo: (out, options) => writeReportCsv(out, rows(), summary, options),
    };
  }
  const title = `Báo cáo Tổng đài 1022 ${period.firstDate} – ${period.lastDate}${withIdentities ? ' (kèm danh tính người phản ánh)' : ' (không kèm danh tính)'}`;
  return {
    filename: `${name}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    withIdentities,
    writeTo: (out, options) => writeReportXlsx(out, rows(), summary, title, options),
  };
}
