import { formatDateTimeVi } from '../../shared/time/format-vi.js';
import type { Channel, ClosureOutcome, TicketStatus } from '../../shared/tickets/ticket-types.js';
import { CHANNEL_LABELS_VI, STATUS_LABELS_VI } from '../../shared/tickets/status-labels-vi.js';
import { PROCESSING_LEVEL_LABELS_VI, processingLevelOf } from '../../shared/tickets/processing-level.js';
import {
  OUTCOME_LABELS_VI,
  OUTCOMES,
  outcomeOf as outcomeGroupOf,
  type Breakdown,
} from '../../shared/oversight/ticket-breakdown.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';
import {
  highestEscalationLevel,
  isWaiting,
  latenessMs,
  unitOf,
  type StatsTicket,
  type UnitRow,
  type WorkingTimeOf,
} from '../../shared/oversight/ticket-stats.js';
import { CLOSURE_OUTCOME_LABELS_VI } from './event-labels-vi.js';
import {
  identityView,
  type IdentityTicket,
  type IdentityViewer,
} from '../../shared/privacy/identity-view.js';

/** One line of the monthly report: a ticket received in the period. Instants stay instants until a writer formats them. */
export interface ReportRow {
  code: string;
  receivedAt: Date;
  categoryName: string;
  unitName: string;
  deadline: Date | undefined;
  answeredAt: Date | undefined;
  punctuality: string;
  /** Office hours past the deadline (one decimal); undefined when on time or not yet due. */
  lateHours: number | undefined;
  escalationLevel: number;
  outcome: string;
  /** Processing level (mức 1, 2, 3). */
  level: string;
  channel: string;
  /** Where the ticket ended up, as the switchboard counts it (satisfied, no response, forwarded, in progress …). */
  result: string;
  /** Working days from receipt to the forwarding outside the Department; undefined when not forwarded. */
  forwardedAfterWorkingDays: number | undefined;
  /**
   * The complainant (name – phone) when the export was asked with identities by a role allowed to;
   * otherwise the same notice on every row, so the file itself says what it carries.
   */
  citizen: string;
}

/** The `citizen` cell of a report exported without identities (the default). */
export const NO_IDENTITIES_VI = 'Không xuất (báo cáo không kèm danh tính)';

/** Whose identities an export carries: none (the default), or what `viewer` may see of each ticket. */
export type ReportIdentities =
  | { include: false }
  | { include: true; viewer: IdentityViewer; tickets: ReadonlyMap<string, IdentityTicket> };

export const REPORT_COLUMNS: ReadonlyArray<{ key: keyof ReportRow; header: string; width: number }> = [
  { key: 'code', header: 'Mã phiếu', width: 18 },
  { key: 'receivedAt', header: 'Thời điểm tiếp nhận', width: 18 },
  { key: 'categoryName', header: 'Lĩnh vực', width: 30 },
  { key: 'unitName', header: 'Đơn vị xử lý', width: 34 },
  { key: 'deadline', header: 'Hạn trả lời', width: 18 },
  { key: 'answeredAt', header: 'Thời điểm trả lời', width: 18 },
  { key: 'punctuality', header: 'Đúng hạn / trễ hạn', width: 16 },
  { key: 'lateHours', header: 'Trễ (giờ làm việc)', width: 12 },
  { key: 'escalationLevel', header: 'Cấp báo cáo vượt cấp cao nhất', width: 14 },
  { key: 'outcome', header: 'Trạng thái / kết quả', width: 40 },
  { key: 'level', header: 'Mức xử lý', width: 30 },
  { key: 'channel', header: 'Kênh tiếp nhận', width: 18 },
  { key: 'result', header: 'Kết quả xử lý', width: 30 },
  { key: 'forwardedAfterWorkingDays', header: 'Chuyển ngoài Sở sau (ngày làm việc)', width: 14 },
  { key: 'citizen', header: 'Người phản ánh (họ tên – điện thoại)', width: 36 },
];

export const SUMMARY_COLUMNS = [
  { key: 'unitName', header: 'Đơn vị', width: 40 },
  { key: 'assigned', header: 'Được giao trong kỳ', width: 14 },
  { key: 'answeredOnTime', header: 'Trả lời đúng hạn', width: 14 },
  { key: 'answeredLate', header: 'Trả lời trễ hạn', width: 14 },
  { key: 'overdueNow', header: 'Đang quá hạn', width: 14 },
  { key: 'onTimeRate', header: 'Tỷ lệ đúng hạn', width: 14 },
] as const;

const HOUR_MS = 3600_000;

function punctualityOf(ticket: StatsTicket, now: Date): string {
  const answer = ticket.answer;
  if (answer?.answeredAt) return answer.onTime ? 'Đúng hạn' : 'Trễ hạn';
  if (isWaiting(ticket))
    return ticket.assignment!.deadline.getTime() < now.getTime() ? 'Đang quá hạn' : 'Chưa đến hạn';
  return '';
}

function resultOf(ticket: StatsTicket): string {
  const label = OUTCOME_LABELS_VI[outcomeGroupOf(ticket)];
  return ticket.forwarding?.late ? `${label} (quá 5 ngày làm việc)` : label;
}

function outcomeOf(ticket: StatsTicket): string {
  if (ticket.forwarding?.forwardedAt) return 'Đã chuyển ra ngoài Sở';
  const status = STATUS_LABELS_VI[ticket.status as TicketStatus] ?? ticket.status;
  const outcome = ticket.closure?.outcome
    ? CLOSURE_OUTCOME_LABELS_VI[ticket.closure.outcome as ClosureOutcome]
    : undefined;
  return outcome ? `${status} – ${outcome}` : status;
}

function citizenCell(domain: TicketDomain, ticket: StatsTicket, identities: ReportIdentities): string {
  if (!identities.include) return NO_IDENTITIES_VI;
  const stored = identities.tickets.get(ticket._id.toString());
  if (!stored) return '';
  const identity = identityView(stored, identities.viewer, domain.privacy);
  if (!identity.shown) return identity.label;
  return [identity.name, identity.phone].filter(Boolean).join(' – ');
}

export function reportRow(
  domain: TicketDomain,
  ticket: StatsTicket,
  now: Date,
  workingTime: WorkingTimeOf,
  identities: ReportIdentities = { include: false },
): ReportRow {
  const unit = unitOf(ticket);
  const late = latenessMs(ticket, now, workingTime);
  return {
    code: ticket.code,
    receivedAt: ticket.receivedAt,
    categoryName: domain.categoryName(ticket.category),
    unitName: unit ? (domain.unit(unit)?.name ?? unit) : '',
    deadline: ticket.assignment?.deadline ?? undefined,
    answeredAt: ticket.answer?.answeredAt ?? undefined,
    punctuality: punctualityOf(ticket, now),
    lateHours: late > 0 ? Math.round((late / HOUR_MS) * 10) / 10 : undefined,
    escalationLevel: highestEscalationLevel(ticket),
    outcome: outcomeOf(ticket),
    level: PROCESSING_LEVEL_LABELS_VI[processingLevelOf(ticket)],
    channel: CHANNEL_LABELS_VI[ticket.channel as Channel] ?? ticket.channel ?? '',
    result: resultOf(ticket),
    forwardedAfterWorkingDays: ticket.forwarding?.forwardedAt
      ? (ticket.forwarding.workingDays ?? 0)
      : undefined,
    citizen: citizenCell(domain, ticket, identities),
  };
}

export interface SummaryRow {
  unitName: string;
  assigned: number;
  answeredOnTime: number;
  answeredLate: number;
  overdueNow: number;
  /** 0–1, or undefined when nothing was due. */
  onTimeRate: number | undefined;
}

export function summaryRow(row: UnitRow & { unitName: string }): SummaryRow {
  return {
    unitName: row.unitName,
    assigned: row.assigned,
    answeredOnTime: row.answeredOnTime,
    answeredLate: row.answeredLate,
    overdueNow: row.overdueNow,
    onTimeRate: row.onTimeRate ?? undefined,
  };
}

/** The summary sheet by processing level: one row per level with its outcomes, then the total. */
export const LEVEL_SUMMARY_COLUMNS: ReadonlyArray<{ key: string; header: string; width: number }> = [
  { key: 'level', header: 'Mức xử lý', width: 34 },
  { key: 'total', header: 'Tiếp nhận trong kỳ', width: 14 },
  ...OUTCOMES.map((outcome) => ({ key: outcome, header: OUTCOME_LABELS_VI[outcome], width: 16 })),
];

export type LevelSummaryRow = Record<string, string | number>;

/** What follows the ticket rows: the per-unit summary and the summary by processing level. */
export interface ReportSummary {
  units: readonly SummaryRow[];
  levels: readonly LevelSummaryRow[];
}

export function levelSummaryRows(breakdown: Breakdown): LevelSummaryRow[] {
  const rows: LevelSummaryRow[] = breakdown.levels.map((row) => ({
    level: PROCESSING_LEVEL_LABELS_VI[row.level],
    total: row.total,
    ...row.outcomes,
  }));
  rows.push({ level: 'Tổng cộng', total: breakdown.total, ...breakdown.byOutcome });
  return rows;
}

/** An instant as text on the Vietnamese clock (`08:30, 05/03/2026`), for CSV. */
export function instantText(value: Date | undefined): string {
  return value ? formatDateTimeVi(value) : '';
}
