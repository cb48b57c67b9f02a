import { missingCalendarWarningVi, yearsWithoutOfficialCalendar } from '../tickets/calendar-warnings.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { describeTimeLeftVi, formatLocalDateVi } from '../time/format-vi.js';
import { addDays, type LocalDate } from '../time/local-date.js';
import { startOfLocalDate, vietnamDateTimeOf } from '../time/vietnam-time-zone.js';
import type { TicketDomain } from '../tickets/ticket-domain.js';
import { CHANNELS } from '../tickets/ticket-types.js';
import { CHANNEL_LABELS_VI } from '../tickets/status-labels-vi.js';
import { PROCESSING_LEVEL_LABELS_VI } from '../tickets/processing-level.js';
import { breakdown, OUTCOME_LABELS_VI, OUTCOMES } from '../oversight/ticket-breakdown.js';
import {
  byLateness,
  isEscalated,
  isOverdue,
  unitRows,
  type StatsTicket,
  type Window,
  type WorkingTimeOf,
} from '../oversight/ticket-stats.js';

/** Tickets listed by name in the e-mail; the rest are counted and left to the dashboard. */
const LISTED = 30;
/** Units named as the least punctual. */
const WORST_UNITS = 3;
/** The on-time rates of the digest look back this many days. */
export const DIGEST_RATE_DAYS = 30;

/**
 * The intake the digest of `today` reports: from the start of the previous working day to the
 * start of today, so Monday's digest covers Friday and the weekend, and the day after Tết covers
 * the whole holiday.
 */
export function digestIntakeWindow(
  calendar: WorkingCalendar,
  today: LocalDate,
): Window & { firstDate: LocalDate } {
  let first = addDays(today, -1);
  for (let i = 0; i < 30 && !calendar.isWorkingDay(first); i++) first = addDays(first, -1);
  return { from: startOfLocalDate(first), to: startOfLocalDate(today), firstDate: first };
}

export interface DigestTicketLine {
  code: string;
  subject: string;
  categoryName: string;
  unitName: string;
  lateness: string;
  level: number;
  href: string;
}

/** What the Office Chief reads at 07:30: the intake since the last working day, what is late, who is late. */
export function buildDigest(
  domain: TicketDomain,
  tickets: readonly StatsTicket[],
  options: { today: LocalDate; now: Date; baseUrl: string; workingTime: WorkingTimeOf },
) {
  const { now, baseUrl } = options;
  const intake = digestIntakeWindow(domain.calendars.standard, options.today);
  const line = (ticket: StatsTicket): DigestTicketLine => {
    const unitCode = ticket.assignment?.unitCode;
    return {
      code: ticket.code,
      subject: ticket.subject ?? '',
      categoryName: domain.categoryName(ticket.category),
      unitName: unitCode ? (domain.unit(unitCode)?.name ?? unitCode) : 'Chưa chuyển đơn vị',
      lateness: ticket.assignment
        ? describeTimeLeftVi(
            now,
            ticket.assignment.deadline,
            domain.calendars.forUnit(ticket.assignment.unitCode),
          )
        : '',
      level: ticket.escalation?.level ?? 0,
      href: `${baseUrl}/monitor/tickets/${encodeURIComponent(ticket.code)}`,
    };
  };
  const received = tickets.filter(
    (t) => t.receivedAt.getTime() >= intake.from.getTime() && t.receivedAt.getTime() < intake.to.getTime(),
  );
  const byCategory = new Map<string, number>();
  for (const ticket of received) {
    const name = domain.categoryName(ticket.category);
    byCategory.set(name, (byCategory.get(name) ?? 0) + 1);
  }
  const counted = breakdown(received);
  const overdue = byLateness(tickets.filter((t) => isOverdue(t, now)));
  const rateWindow = { from: new Date(now.getTime() - DIGEST_RATE_DAYS * 24 * 3600_000), to: now };
  const worstUnits = unitRows(tickets, rateWindow, now, options.workingTime)
    .filter((row) => row.onTimeRate !== null && row.onTimeRate < 1)
    .sort((a, b) => a.onTimeRate! - b.onTimeRate! || b.overdueNow - a.overdueNow)
    .slice(0, WORST_UNITS)
    .map((row) => ({
      unitName: domain.unit(row.unitCode)?.name ?? row.unitCode,
      rate: `${(Math.round(row.onTimeRate! * 1000) / 10).toLocaleString('vi-VN')}%`,
      onTime: row.answeredOnTime,
      late: row.answeredLate,
      overdueNow: row.overdueNow,
    }));
  return {
    todayLabel: formatLocalDateVi(options.today),
    asOfLabel: vietnamDateTimeOf(now).toFormat('HH:mm'),
    intakeLabel:
      intake.firstDate === addDays(options.today, -1)
        ? `hôm qua (${formatLocalDateVi(intake.firstDate)})`
        : `từ ${formatLocalDateVi(intake.firstDate)} đến hết ${formatLocalDateVi(addDays(options.today, -1))}`,
    received: {
      count: received.length,
      byCategory: [...byCategory].map(([name, count]) => ({ name, count })),
      byLevel: counted.levels.map((row) => ({ name: PROCESSING_LEVEL_LABELS_VI[row.level], count: row.total })),
      byChannel: CHANNELS.filter((channel) => counted.byChannel[channel] > 0).map((channel) => ({
        name: CHANNEL_LABELS_VI[channel],
        count: counted.byChannel[channel],
      })),
      byOutcome: OUTCOMES.filter((outcome) => counted.byOutcome[outcome] > 0).map((outcome) => ({
        name: OUTCOME_LABELS_VI[outcome],
        count: counted.byOutcome[outcome],
      })),
      list: received.slice(0, LISTED).map(line),
    },
    overdue: { count: overdue.length, list: overdue.slice(0, LISTED).map(line) },
    escalatedCount: tickets.filter(isEscalated).length,
    worstUnits,
    rateDays: DIGEST_RATE_DAYS,
    calendarWarnings: yearsWithoutOfficialCalendar(domain.calendars.standard, now).map(
      missingCalendarWarningVi,
    ),
    links: { dashboard: `${baseUrl}/monitor`, overdue: `${baseUrl}/monitor/tickets?overdue=true` },
  };
}
