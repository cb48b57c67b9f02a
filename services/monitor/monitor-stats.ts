import { startOfLocalDate } from '../../shared/time/vietnam-time-zone.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';
import {
  counters,
  dailyCounts,
  flowCounts,
  type FlowCounts,
  lastDates,
  loadFlowEventTickets,
  loadStatsTickets,
  MONITOR_STATS_PROJECTION,
  monthToDate,
  periodSummary,
  unitRows,
  weekToDate,
  type Counters,
  type DayCount,
  type PeriodSummary,
  type StatsScope,
  type StatsTicket,
  type UnitRow,
  type WorkingTimeOf,
} from '../../shared/oversight/ticket-stats.js';
import { breakdown, type Breakdown } from '../../shared/oversight/ticket-breakdown.js';
import { readableCategoriesFor } from '../../shared/tickets/ticket-access.js';
import { checkKnownCodes, resolvePeriod, type PeriodQuery, type ResolvedPeriod } from './period-query.js';

/** Days in the "received and answered per day" series. */
export const DAILY_SERIES_DAYS = 30;

export interface MonitorStats {
  now: Date;
  period: ResolvedPeriod;
  filters: { department?: string; category?: string };
  counters: Counters;
  summary: PeriodSummary;
  /** Waiting on citizens, awaiting a reopen decision, reopened and closed-unreachable (issue 18). */
  flow: FlowCounts;
  /** Tickets received in the period by processing level, channel and outcome; forwarded outside (issue 18). */
  breakdown: Breakdown;
  units: Array<UnitRow & { unitName: string }>;
  daily: DayCount[];
}

export function workingTimeOn(domain: TicketDomain): WorkingTimeOf {
  return (unitCode, from, to) => domain.calendars.forUnit(unitCode).workingTimeBetween(from, to);
}

export function statsScopeOf(domain: TicketDomain, staff: StaffPrincipal, query: PeriodQuery): StatsScope {
  checkKnownCodes(domain, query);
  const readableCategories = readableCategoriesFor(staff.role, domain.policy);
  return {
    ...(query.category ? { category: query.category } : {}),
    ...(query.department ? { unitCode: query.department } : {}),
    ...(readableCategories ? { readableCategories } : {}),
  };
}

/**
 * Tickets in scope for the period and everything the dashboard's fixed windows (week, month, 30 days)
 * need, with the fields the numbers read; and apart, those of them reopened or closed unreachable in
 * the period (the flow's event counts: the only numbers that read a ticket's history).
 */
export async function loadForPeriod(
  domain: TicketDomain,
  staff: StaffPrincipal,
  query: PeriodQuery,
  now: Date,
): Promise<{ period: ResolvedPeriod; tickets: StatsTicket[]; flowEventTickets: StatsTicket[] }> {
  const scope = statsScopeOf(domain, staff, query);
  const period = resolvePeriod(query, now);
  // Every number but the 30-day series reads its tickets in full from here on; the series only
  // needs when each ticket was received and answered (see loadStatsTickets).
  const detailFrom = new Date(
    Math.min(period.from.getTime(), monthToDate(now).from.getTime(), weekToDate(now).from.getTime()),
  );
  const seriesFrom = startOfLocalDate(lastDates(now, DAILY_SERIES_DAYS)[0]!);
  const from = new Date(Math.min(detailFrom.getTime(), seriesFrom.getTime()));
  const to = new Date(Math.max(period.to.getTime(), now.getTime() + 1));
  const [tickets, flowEventTickets] = await Promise.all([
    loadStatsTickets(scope, { from, to }, now, { detailFrom, projection: MONITOR_STATS_PROJECTION }),
    loadFlowEventTickets(scope, { from, to }, period, now),
  ]);
  return { period, tickets, flowEventTickets };
}

/** The tickets received in the period (the report's rows, the breakdown by level, channel and outcome). */
export function receivedWithin<T extends { receivedAt: Date }>(
  tickets: readonly T[],
  period: { from: Date; to: Date },
): T[] {
  return tickets.filter(
    (t) => t.receivedAt.getTime() >= period.from.getTime() && t.receivedAt.getTime() < period.to.getTime(),
  );
}

/** The numbers of the dashboard and of `GET /api/v1/stats`, from one read. */
export async function monitorStats(
  domain: TicketDomain,
  staff: StaffPrincipal,
  query: PeriodQuery,
  now: Date,
): Promise<MonitorStats> {
  const { period, tickets, flowEventTickets } = await loadForPeriod(domain, staff, query, now);
  const { waitingOnCitizen, awaitingReopenDecision } = flowCounts(tickets, period);
  const { reopened, closedUnreachable } = flowCounts(flowEventTickets, period);
  const unitOrder = domain.table.units.map((unit) => unit.code);
  return {
    now,
    period,
    filters: {
      ...(query.department ? { department: query.department } : {}),
      ...(query.category ? { category: query.category } : {}),
    },
    counters: counters(tickets, now),
    summary: periodSummary(tickets, period, now),
    flow: { waitingOnCitizen, awaitingReopenDecision, reopened, closedUnreachable },
    breakdown: breakdown(receivedWithin(tickets, period)),
    units: unitRows(tickets, period, now, workingTimeOn(domain), unitOrder).map((row) => ({
      ...row,
      unitName: domain.unit(row.unitCode)?.name ?? row.unitCode,
    })),
    daily: dailyCounts(tickets, lastDates(now, DAILY_SERIES_DAYS)),
  };
}
