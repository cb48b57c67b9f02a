import { CHANNELS } from '../../shared/tickets/ticket-types.js';
import { PROCESSING_LEVEL_LABELS_VI, processingLevelOf } from '../../shared/tickets/processing-level.js';
import { OUTCOME_LABELS_VI, OUTCOMES } from '../../shared/oversight/ticket-breakdown.js';
import { describeTimeLeftVi } from '../../shared/time/format-vi.js';
import { unitOwesAnswer } from '../../shared/tickets/lifecycle.js';
import { CHANNEL_LABELS_VI, STATUS_LABELS_VI } from '../../shared/tickets/status-labels-vi.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';
import type { QueueTicket } from '../../shared/tickets/repository/ticket-lists.js';
import {
  missingCalendarWarningVi,
  yearsWithoutOfficialCalendar,
} from '../../shared/tickets/calendar-warnings.js';
import { readableCategoriesFor } from '../../shared/tickets/ticket-access.js';
import { canAct } from './monitor-access.js';
import type { MonitorSession } from './monitor-session.js';
import type { MonitorStats } from './monitor-stats.js';
import type { PeriodQuery } from './period-query.js';
import { dateVi, formatHoursVi, formatRateVi, ratePercent, shortDateVi } from './format-vi.js';

export function ticketHref(code: string): string {
  return `/monitor/tickets/${encodeURIComponent(code)}`;
}

/** A row of the escalation queue or of a ticket list. */
export function ticketRow(domain: TicketDomain, ticket: QueueTicket, now: Date) {
  const assignment = ticket.assignment;
  const calendar = domain.calendars.forUnit(assignment?.unitCode ?? '');
  const waiting = unitOwesAnswer(ticket);
  return {
    code: ticket.code,
    href: ticketHref(ticket.code),
    subject: ticket.subject,
    urgent: ticket.priority === 'urgent',
    categoryName: domain.categoryName(ticket.category),
    unitName: assignment ? (domain.unit(assignment.unitCode)?.name ?? assignment.unitCode) : '—',
    receivedAt: ticket.receivedAt,
    deadline: assignment?.deadline,
    lateness: waiting && assignment ? describeTimeLeftVi(now, assignment.deadline, calendar) : '',
    late: waiting && assignment ? assignment.deadline.getTime() < now.getTime() : false,
    level: ticket.escalation?.level ?? 0,
    statusLabel: STATUS_LABELS_VI[ticket.status as keyof typeof STATUS_LABELS_VI] ?? ticket.status,
    extensionPending: ticket.extensionRequest?.decision === 'pending',
    transferPending: ticket.transferRequest?.decision === 'pending',
    reopenPending: ticket.status === 'reopen_requested',
    waitingCitizen: ticket.status === 'waiting_citizen',
    complex: processingLevelOf(ticket) === 3,
    forwarded: Boolean(ticket.forwarding?.forwardedAt),
    forwardedLate: Boolean(ticket.forwarding?.late),
  };
}

/** JSON for `<script type="application/json">`: `<` escaped so that no text can close the script element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(
    Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  return search.toString();
}

/** Everything the dashboard shows; the template only lays it out. */
export function dashboardModel(
  domain: TicketDomain,
  session: MonitorSession,
  stats: MonitorStats,
  lists: { queue: QueueTicket[]; pending: QueueTicket[] },
  options: { query: PeriodQuery; alert?: string },
) {
  const { counters, summary, period } = stats;
  const readable = readableCategoriesFor(session.staff.role, domain.policy);
  const filters = { department: options.query.department, category: options.query.category };
  const periodParams = { from: period.firstDate, to: period.lastDate, ...filters };
  return {
    staff: session.staff,
    csrf: session.csrfToken,
    canAct: canAct(session.staff),
    reviewerOnly: Boolean(readable),
    reviewerTitle: domain.table.officials.conductReviewer.title,
    alert: options.alert,
    calendarWarnings: yearsWithoutOfficialCalendar(domain.calendars.standard, stats.now).map(
      missingCalendarWarningVi,
    ),
    now: stats.now,
    filters: { ...periodParams },
    units: domain.table.units.map((unit) => ({ code: unit.code, name: unit.name })),
    categories: domain.table.categories.filter((c) => !readable || readable.includes(c.code)),
    periodLabel: `${dateVi(period.firstDate)} – ${dateVi(period.lastDate)}`,
    counters: [
      { id: 'open', label: 'Đang mở', value: counters.open },
      { id: 'due-today', label: 'Đến hạn hôm nay', value: counters.dueToday },
      {
        id: 'overdue',
        label: 'Quá hạn',
        value: counters.overdue,
        href: `/monitor/tickets?${query({ overdue: 'true', ...filters })}`,
        alert: counters.overdue > 0,
      },
      {
        id: 'escalated',
        label: 'Đã báo cáo vượt cấp',
        value: counters.escalated,
        alert: counters.escalated > 0,
      },
      { id: 'answered-week', label: 'Đã trả lời tuần này', value: counters.answeredThisWeek },
      {
        id: 'waiting-citizen',
        label: 'Chờ người phản ánh bổ sung',
        value: stats.flow.waitingOnCitizen,
        href: `/monitor/tickets?${query({ status: 'waiting_citizen', ...filters })}`,
      },
      {
        id: 'reopen-decision',
        label: 'Chưa hài lòng, chờ quyết định',
        value: stats.flow.awaitingReopenDecision,
        alert: stats.flow.awaitingReopenDecision > 0,
      },
      { id: 'reopened', label: 'Mở lại trong kỳ', value: stats.flow.reopened },
      {
        id: 'on-time-month',
        label: 'Tỷ lệ đúng hạn tháng này',
        value: formatRateVi(counters.onTimeRateThisMonth),
      },
    ],
    summary: {
      received: summary.received,
      answered: summary.answered,
      onTime: summary.onTime,
      late: summary.late,
      overdue: summary.overdue,
      rate: formatRateVi(summary.rate),
    },
    levels: stats.breakdown.levels.map((row) => ({
      level: row.level,
      label: PROCESSING_LEVEL_LABELS_VI[row.level],
      total: row.total,
      href: `/monitor/tickets?${query({ level: String(row.level), ...filters })}`,
    })),
    outcomes: OUTCOMES.map((outcome) => ({
      key: outcome,
      label: OUTCOME_LABELS_VI[outcome],
      value: stats.breakdown.byOutcome[outcome],
    })).filter((row) => row.value > 0),
    channels: CHANNELS.map((channel) => ({
      key: channel,
      label: CHANNEL_LABELS_VI[channel],
      value: stats.breakdown.byChannel[channel],
    })).filter((row) => row.value > 0),
    forwarded: stats.breakdown.forwarded,
    queue: lists.queue.map((ticket) => ticketRow(domain, ticket, stats.now)),
    pending: lists.pending.map((ticket) => ticketRow(domain, ticket, stats.now)),
    unitRows: stats.units.map((row) => ({
      ...row,
      median: formatHoursVi(row.medianHoursToAnswer),
      rate: formatRateVi(row.onTimeRate),
      href: `/monitor?${query({ ...periodParams, department: row.unitCode })}`,
    })),
    daily: stats.daily.map((day) => ({ ...day, label: shortDateVi(day.date) })),
    chartJson: scriptJson({
      daily: {
        labels: stats.daily.map((day) => shortDateVi(day.date)),
        received: stats.daily.map((day) => day.received),
        answered: stats.daily.map((day) => day.answered),
      },
      units: {
        labels: stats.units.map((row) => row.unitName),
        rates: stats.units.map((row) => ratePercent(row.onTimeRate)),
      },
    }),
    exports: {
      xlsx: `/monitor/reports/export?${query({ ...periodParams, format: 'xlsx' })}`,
      csv: `/monitor/reports/export?${query({ ...periodParams, format: 'csv' })}`,
      /** The period as hidden fields of the "with identities" form, for the roles that may ask. */
      identityForm: domain.privacy.exportIdentityRoles.includes(session.staff.role)
        ? Object.entries(periodParams)
            .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
            .map(([name, value]) => ({ name, value }))
        : undefined,
    },
  };
}
