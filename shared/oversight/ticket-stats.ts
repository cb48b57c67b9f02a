import type { TicketStatus } from '../tickets/ticket-types.js';
import { OPEN_STATUSES, unitOwesAnswer } from '../tickets/lifecycle.js';
import { addDays, isoWeekdayOf, localDateParts, type LocalDate } from '../time/local-date.js';
import { localDateOf, startOfLocalDate } from '../time/vietnam-time-zone.js';
import { findProjectedTickets } from '../tickets/repository/ticket-lists.js';
import { buildTicketFilter, type TicketFilter } from '../tickets/ticket-query.js';

/**
 * The numbers the Office Chief watches (dashboard, `/api/v1/stats`, the monthly report's summary and
 * the daily digest), all computed here so that "on time" means the same thing everywhere: pure
 * helpers over plain ticket values, and one function that reads those values from MongoDB.
 */

/** Statuses in which nobody has answered yet (routing pending, or a unit owes the answer). */

/** The ticket fields the numbers need (a lean, projected document). */
export interface StatsTicket {
  _id: { toString(): string };
  code: string;
  receivedAt: Date;
  category: string;
  status: string;
  priority?: string | null;
  subject?: string | null;
  assignment?: { no: number; unitCode: string; assignedAt: Date; deadline: Date } | null;
  escalation?: { level?: number | null } | null;
  answer?: { answeredAt?: Date | null; onTime?: boolean | null; unitCode?: string | null } | null;
  extensionRequest?: { decision?: string | null } | null;
  transferRequest?: { decision?: string | null } | null;
  closure?: { closedAt?: Date | null; outcome?: string | null } | null;
  events?: Array<{ type: string; at: Date; data?: unknown }> | null;
  reopenCount?: number | null;
  channel?: string | null;
  processingLevel?: number | null;
  forwarding?: { forwardedAt?: Date | null; late?: boolean | null; workingDays?: number | null } | null;
}

/** A half-open interval of instants: `from` ≤ t < `to`. */
export interface Window {
  from: Date;
  to: Date;
}

/** Which tickets count: one category, one unit (the one assigned, or that answered), a role's categories. */
export interface StatsScope {
  category?: string;
  unitCode?: string;
  readableCategories?: readonly string[];
}

/** Office time between two instants in ms, measured on a unit's working calendar. */
export type WorkingTimeOf = (unitCode: string, from: Date, to: Date) => number;

const HOUR_MS = 3600_000;

/** The ticket fields StatsTicket holds (also the monthly report's rows). */
export const STATS_PROJECTION = {
  code: 1,
  receivedAt: 1,
  category: 1,
  status: 1,
  priority: 1,
  subject: 1,
  'assignment.no': 1,
  'assignment.unitCode': 1,
  'assignment.assignedAt': 1,
  'assignment.deadline': 1,
  'escalation.level': 1,
  'answer.answeredAt': 1,
  'answer.onTime': 1,
  'answer.unitCode': 1,
  'extensionRequest.decision': 1,
  'transferRequest.decision': 1,
  'closure.closedAt': 1,
  'closure.outcome': 1,
  // Of the history, only what the numbers read (flow counts, the highest escalation level): an
  // event's data can be large (e-mail bodies, link hashes), and a dashboard reads thousands.
  'events.type': 1,
  'events.at': 1,
  'events.data.level': 1,
  reopenCount: 1,
  channel: 1,
  processingLevel: 1,
  'forwarding.forwardedAt': 1,
  'forwarding.late': 1,
  'forwarding.workingDays': 1,
} as const;

/**
 * What the dashboard's and `/api/v1/stats`' numbers read of a ticket (services/monitor/monitor-stats.ts):
 * not its texts or its history (the flow's events are read apart, loadFlowEventTickets). A year of
 * tickets made the transfer of whole StatsTickets most of their time (issue 21).
 */
export const MONITOR_STATS_PROJECTION = {
  receivedAt: 1,
  status: 1,
  channel: 1,
  processingLevel: 1,
  'closure.outcome': 1,
  'forwarding.forwardedAt': 1,
  'forwarding.late': 1,
  'assignment.unitCode': 1,
  'assignment.assignedAt': 1,
  'assignment.deadline': 1,
  'answer.answeredAt': 1,
  'answer.onTime': 1,
  'answer.unitCode': 1,
  'escalation.level': 1,
} as const;

/**
 * What the monitor's numbers read of a ticket that is relevant only before the `detailFrom` of
 * `loadStatsTickets` (not open, received, answered and due only before it): the daily series and
 * the "assigned" count of the period are all it can be in.
 */
export const STATS_TAIL_PROJECTION = {
  receivedAt: 1,
  status: 1,
  'answer.answeredAt': 1,
  'answer.unitCode': 1,
  'assignment.unitCode': 1,
  'assignment.assignedAt': 1,
} as const;

/** The events flowCounts() counts in a window. */
const FLOW_EVENT_TYPES = ['reopened', 'citizen_unreachable'] as const;

function scopedFilter(scope: StatsScope, now: Date): TicketFilter {
  return buildTicketFilter(
    {
      ...(scope.category ? { category: scope.category } : {}),
      ...(scope.unitCode ? { department: scope.unitCode } : {}),
      ...(scope.readableCategories ? { readableCategories: scope.readableCategories } : {}),
    },
    now,
  );
}

/** Received, answered or due in the window. */
function datedWithin(window: Window): TicketFilter[] {
  const inWindow = { $gte: window.from, $lt: window.to };
  return [{ receivedAt: inWindow }, { 'answer.answeredAt': inWindow }, { 'assignment.deadline': inWindow }];
}

function relevantWithin(window: Window): { $or: TicketFilter[] } {
  return { $or: [...datedWithin(window), { status: { $in: [...OPEN_STATUSES] } }] };
}

/**
 * Every ticket in `scope` that any number about `window` can depend on: received, answered or due in
 * it, or still open now; the helpers below slice it. With `detailFrom` (the monitor's numbers: its
 * 30-day series reaches further back than its other windows), the tickets relevant only before it
 * come with the fields of STATS_TAIL_PROJECTION alone, and the others with `projection`: the same
 * tickets, a fraction of the transfer (issue 21: a year of tickets). Callers whose numbers read more
 * of those tickets (the digest, the report) keep the defaults: one query, STATS_PROJECTION.
 */
export async function loadStatsTickets(
  scope: StatsScope,
  window: Window,
  now: Date,
  options: { detailFrom?: Date; projection?: Record<string, 1> } = {},
): Promise<StatsTicket[]> {
  const scoped = scopedFilter(scope, now);
  const projection = options.projection ?? STATS_PROJECTION;
  const detailFrom = options.detailFrom ?? window.from;
  if (detailFrom.getTime() <= window.from.getTime())
    return findProjectedTickets<StatsTicket>({ $and: [scoped, relevantWithin(window)] }, projection);
  const detailed = relevantWithin({ from: detailFrom, to: window.to });
  const [inDetail, tail] = await Promise.all([
    findProjectedTickets<StatsTicket>({ $and: [scoped, detailed] }, projection),
    // The complement within `window`: relevant to it, not to [detailFrom, to). Not open, so
    // received, answered or due before `detailFrom` (the index plan skips the open tickets).
    findProjectedTickets<StatsTicket>(
      { $and: [scoped, { $or: datedWithin({ from: window.from, to: detailFrom }) }, { $nor: detailed.$or }] },
      STATS_TAIL_PROJECTION,
    ),
  ]);
  return [...inDetail, ...tail];
}

/**
 * The tickets of `loadStatsTickets(scope, window, now)` that were reopened or closed unreachable in
 * `period` (the flow's event counts), with their status and events only: a handful, where reading
 * every ticket's history was a large part of the whole read.
 */
export async function loadFlowEventTickets(
  scope: StatsScope,
  window: Window,
  period: Window,
  now: Date,
): Promise<StatsTicket[]> {
  const hadFlowEvent = {
    events: {
      $elemMatch: { type: { $in: [...FLOW_EVENT_TYPES] }, at: { $gte: period.from, $lt: period.to } },
    },
  };
  return findProjectedTickets<StatsTicket>(
    { $and: [scopedFilter(scope, now), relevantWithin(window), hadFlowEvent] },
    { status: 1, 'events.type': 1, 'events.at': 1 },
  );
}

// ── Windows on the Vietnamese calendar ──────────────────────────────────────────────────────────

export function dayWindow(date: LocalDate): Window {
  return { from: startOfLocalDate(date), to: startOfLocalDate(addDays(date, 1)) };
}

/** Monday 00:00 of the week `now` is in, up to `now`. */
export function weekToDate(now: Date): Window {
  const today = localDateOf(now);
  return { from: startOfLocalDate(addDays(today, 1 - isoWeekdayOf(today))), to: now };
}

/** The 1st of the month `now` is in, 00:00, up to `now`. */
export function monthToDate(now: Date): Window {
  const { year, month } = localDateParts(localDateOf(now));
  return { from: startOfLocalDate(`${year}-${String(month).padStart(2, '0')}-01`), to: now };
}

/** The last `count` Vietnamese dates ending today, oldest first. */
export function lastDates(now: Date, count: number): LocalDate[] {
  const today = localDateOf(now);
  return Array.from({ length: count }, (_, i) => addDays(today, i - count + 1));
}

// ── What a ticket is ────────────────────────────────────────────────────────────────────────────

function within(instant: Date | null | undefined, window: Window): boolean {
  return (
    Boolean(instant) &&
    instant!.getTime() >= window.from.getTime() &&
    instant!.getTime() < window.to.getTime()
  );
}

/** The unit a ticket counts for: the one that answered it, else the one assigned now. */
export function unitOf(ticket: StatsTicket): string | undefined {
  return ticket.answer?.unitCode ?? ticket.assignment?.unitCode ?? undefined;
}

export function isOpen(ticket: StatsTicket): boolean {
  return (OPEN_STATUSES as readonly TicketStatus[]).includes(ticket.status as TicketStatus);
}

/** A unit owes the answer. */
export function isWaiting(ticket: StatsTicket): boolean {
  return unitOwesAnswer(ticket);
}

/** A unit owes the answer and its deadline has passed (the same rule as the `overdue` list filter). */
export function isOverdue(ticket: StatsTicket, now: Date): boolean {
  return isWaiting(ticket) && ticket.assignment!.deadline.getTime() < now.getTime();
}

/** Still unanswered after being reported to the officials (escalation level 1 or more). */
export function isEscalated(ticket: StatsTicket): boolean {
  return isWaiting(ticket) && (ticket.escalation?.level ?? 0) >= 1;
}

export function isAnsweredWithin(ticket: StatsTicket, window: Window): boolean {
  return within(ticket.answer?.answeredAt, window);
}

/** Unanswered, with a deadline that fell in the window and has passed by `now`: late for sure. */
export function isOverdueWithin(ticket: StatsTicket, window: Window, now: Date): boolean {
  if (!isOverdue(ticket, now)) return false;
  return within(ticket.assignment!.deadline, {
    from: window.from,
    to: new Date(Math.min(window.to.getTime(), now.getTime())),
  });
}

/** The highest escalation level a ticket ever reached (the current one drops after a reassignment or extension). */
export function highestEscalationLevel(ticket: StatsTicket): number {
  const fromEvents = (ticket.events ?? [])
    .filter((event) => event.type === 'escalated')
    .map((event) => Number((event.data as { level?: unknown } | undefined)?.level ?? 0));
  return Math.max(ticket.escalation?.level ?? 0, 0, ...fromEvents);
}

/** Office time an answer came after the deadline, or an unanswered ticket is past it now; 0 when on time. */
export function latenessMs(ticket: StatsTicket, now: Date, workingTime: WorkingTimeOf): number {
  const assignment = ticket.assignment;
  if (!assignment) return 0;
  const answeredAt = ticket.answer?.answeredAt;
  const end = answeredAt ?? (isWaiting(ticket) ? now : undefined);
  if (!end || end.getTime() <= assignment.deadline.getTime()) return 0;
  return workingTime(unitOf(ticket) ?? assignment.unitCode, assignment.deadline, end);
}

// ── Numbers ─────────────────────────────────────────────────────────────────────────────────────

export interface Punctuality {
  onTime: number;
  late: number;
  /** Unanswered tickets whose deadline fell in the window and passed. */
  overdue: number;
  /** onTime ÷ (onTime + late + overdue), 0–1; null when nothing was due. */
  rate: number | null;
}

/**
 * Answers given in the window, on time or late, plus the tickets whose deadline passed in the window
 * without an answer: a unit that does not answer at all must not look punctual.
 */
export function punctuality(tickets: readonly StatsTicket[], window: Window, now: Date): Punctuality {
  let onTime = 0;
  let late = 0;
  let overdue = 0;
  for (const ticket of tickets) {
    if (isAnsweredWithin(ticket, window)) {
      if (ticket.answer?.onTime) onTime++;
      else late++;
    } else if (isOverdueWithin(ticket, window, now)) {
      overdue++;
    }
  }
  const due = onTime + late + overdue;
  return { onTime, late, overdue, rate: due === 0 ? null : onTime / due };
}

export interface Counters {
  open: number;
  /** Unanswered with a deadline later today. */
  dueToday: number;
  overdue: number;
  escalated: number;
  answeredThisWeek: number;
  onTimeRateThisMonth: number | null;
}

export function counters(tickets: readonly StatsTicket[], now: Date): Counters {
  const today = dayWindow(localDateOf(now));
  const rest = { from: now, to: today.to };
  const week = weekToDate(now);
  return {
    open: tickets.filter(isOpen).length,
    dueToday: tickets.filter((t) => isWaiting(t) && within(t.assignment!.deadline, rest)).length,
    overdue: tickets.filter((t) => isOverdue(t, now)).length,
    escalated: tickets.filter(isEscalated).length,
    answeredThisWeek: tickets.filter((t) => isAnsweredWithin(t, week)).length,
    onTimeRateThisMonth: punctuality(tickets, monthToDate(now), now).rate,
  };
}

export interface PeriodSummary extends Punctuality {
  received: number;
  answered: number;
}

export function periodSummary(tickets: readonly StatsTicket[], window: Window, now: Date): PeriodSummary {
  const answers = punctuality(tickets, window, now);
  return {
    received: tickets.filter((t) => within(t.receivedAt, window)).length,
    answered: answers.onTime + answers.late,
    ...answers,
  };
}

export interface UnitRow {
  unitCode: string;
  /** Tickets whose current assignment to this unit was made in the window. */
  assigned: number;
  answeredOnTime: number;
  answeredLate: number;
  /** Unanswered and past the deadline now, whatever the window. */
  overdueNow: number;
  /** Median office time from assignment to answer, in hours (one decimal); null without answers. */
  medianHoursToAnswer: number | null;
  onTimeRate: number | null;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Per-unit figures fed one ticket at a time (so a report can stream its tickets); `rows()` reads them. */
export interface UnitTally {
  add(ticket: StatsTicket): void;
  /** One row per unit that has any figure, in the order of `unitOrder` (the routing table's). */
  rows(): UnitRow[];
}

interface UnitCounts {
  assigned: number;
  onTime: number;
  late: number;
  overdue: number;
  overdueNow: number;
  /** Office hours from assignment to answer of each answer in the window (for the median). */
  hours: number[];
}

export function unitTally(
  window: Window,
  now: Date,
  workingTime: WorkingTimeOf,
  unitOrder: readonly string[] = [],
): UnitTally {
  const byUnit = new Map<string, UnitCounts>();
  return {
    add(ticket) {
      const unit = unitOf(ticket);
      if (!unit) return;
      let counts = byUnit.get(unit);
      if (!counts) {
        counts = { assigned: 0, onTime: 0, late: 0, overdue: 0, overdueNow: 0, hours: [] };
        byUnit.set(unit, counts);
      }
      // The same rules as punctuality(): an answer in the window, else a deadline passed in it unanswered.
      if (isAnsweredWithin(ticket, window)) {
        if (ticket.answer?.onTime) counts.onTime++;
        else counts.late++;
        if (ticket.assignment)
          counts.hours.push(
            workingTime(unit, ticket.assignment.assignedAt, ticket.answer!.answeredAt!) / HOUR_MS,
          );
      } else if (isOverdueWithin(ticket, window, now)) {
        counts.overdue++;
      }
      if (within(ticket.assignment?.assignedAt, window)) counts.assigned++;
      if (isOverdue(ticket, now)) counts.overdueNow++;
    },
    rows() {
      const rows: UnitRow[] = [];
      for (const [unitCode, counts] of byUnit) {
        const due = counts.onTime + counts.late + counts.overdue;
        const middle = median(counts.hours);
        const row: UnitRow = {
          unitCode,
          assigned: counts.assigned,
          answeredOnTime: counts.onTime,
          answeredLate: counts.late,
          overdueNow: counts.overdueNow,
          medianHoursToAnswer: middle === null ? null : Math.round(middle * 10) / 10,
          onTimeRate: due === 0 ? null : counts.onTime / due,
        };
        if (row.assigned + row.answeredOnTime + row.answeredLate + row.overdueNow + counts.overdue > 0)
          rows.push(row);
      }
      const rank = (code: string): number => {
        const index = unitOrder.indexOf(code);
        return index === -1 ? unitOrder.length : index;
      };
      return rows.sort((a, b) => rank(a.unitCode) - rank(b.unitCode) || a.unitCode.localeCompare(b.unitCode));
    },
  };
}

/** One row per unit that has any figure, in the order of `unitOrder` (the routing table's). */
export function unitRows(
  tickets: readonly StatsTicket[],
  window: Window,
  now: Date,
  workingTime: WorkingTimeOf,
  unitOrder: readonly string[] = [],
): UnitRow[] {
  const tally = unitTally(window, now, workingTime, unitOrder);
  for (const ticket of tickets) tally.add(ticket);
  return tally.rows();
}

export interface DayCount {
  date: LocalDate;
  received: number;
  answered: number;
}

/** Tickets received and answered on each Vietnamese date. */
export function dailyCounts(tickets: readonly StatsTicket[], dates: readonly LocalDate[]): DayCount[] {
  const counts = new Map(dates.map((date) => [date, { date, received: 0, answered: 0 }]));
  // Each date's window once, earliest first, then a binary search per instant: the Vietnamese date
  // of every ticket (twice) through the time-zone library was most of this on a month of tickets.
  const days = [...counts.values()]
    .map((count) => ({ count, window: dayWindow(count.date) }))
    .sort((a, b) => a.window.from.getTime() - b.window.from.getTime());
  const dayOf = (instant: Date): DayCount | undefined => {
    const t = instant.getTime();
    let low = 0;
    let high = days.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const { window, count } = days[middle]!;
      if (t < window.from.getTime()) high = middle - 1;
      else if (t >= window.to.getTime()) low = middle + 1;
      else return count;
    }
    return undefined;
  };
  for (const ticket of tickets) {
    const received = dayOf(ticket.receivedAt);
    if (received) received.received++;
    const answeredAt = ticket.answer?.answeredAt;
    const answered = answeredAt ? dayOf(answeredAt) : undefined;
    if (answered) answered.answered++;
  }
  return [...counts.values()];
}

/** Waiting tickets most late first (earliest deadline first): the escalation queue's order. */
export function byLateness<T extends { assignment?: { deadline: Date } | null }>(tickets: readonly T[]): T[] {
  return [...tickets].sort(
    (a, b) => (a.assignment?.deadline.getTime() ?? Infinity) - (b.assignment?.deadline.getTime() ?? Infinity),
  );
}

// ── The 1022 flow's side paths (issue 18) ───────────────────────────────────────────────────────

export interface FlowCounts {
  /** Now: a unit waits on the citizen's information (its deadline paused). */
  waitingOnCitizen: number;
  /** Now: an unsatisfied call-back waits for the Office Chief to reopen or close the ticket. */
  awaitingReopenDecision: number;
  /** Tickets reopened after an unsatisfied call-back in the window, counted apart. */
  reopened: number;
  /** Tickets closed as unreachable while the unit waited on the citizen, in the window. */
  closedUnreachable: number;
}

function hadEventWithin(ticket: StatsTicket, type: string, window: Window): boolean {
  return (ticket.events ?? []).some((event) => event.type === type && within(event.at, window));
}

export function flowCounts(tickets: readonly StatsTicket[], window: Window): FlowCounts {
  return {
    waitingOnCitizen: tickets.filter((t) => t.status === 'waiting_citizen').length,
    awaitingReopenDecision: tickets.filter((t) => t.status === 'reopen_requested').length,
    reopened: tickets.filter((t) => hadEventWithin(t, 'reopened', window)).length,
    closedUnreachable: tickets.filter((t) => hadEventWithin(t, 'citizen_unreachable', window)).length,
  };
}
