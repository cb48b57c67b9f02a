import { CHANNELS, PROCESSING_LEVELS, type Channel, type ProcessingLevel } from '../tickets/ticket-types.js';
import { OPEN_STATUSES } from '../tickets/lifecycle.js';
import { processingLevelOf } from '../tickets/processing-level.js';

/**
 * What the switchboard reports every month (issue 18): tickets by processing level, channel and
 * outcome, and how many were forwarded outside the Department (and how many of those late). Pure.
 */

/** Where a ticket ended up, as the monthly report counts it. */
export const OUTCOMES = [
  'in_progress',
  'awaiting_call_back',
  'satisfied',
  'useful',
  'unsatisfied',
  'no_response',
  'answered_at_intake',
  'forwarded',
  'closed_other',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_LABELS_VI: Readonly<Record<Outcome, string>> = {
  in_progress: 'Đang xử lý',
  awaiting_call_back: 'Đã trả lời, chờ gọi lại',
  satisfied: 'Hài lòng',
  useful: 'Thấy thông tin hữu ích',
  unsatisfied: 'Chưa hài lòng',
  no_response: 'Không phản hồi (không liên lạc được)',
  answered_at_intake: 'Trả lời ngay khi tiếp nhận',
  forwarded: 'Chuyển ra ngoài Sở',
  closed_other: 'Đóng phiếu vì lý do khác',
};

/** The ticket fields the breakdown reads. */
export interface BreakdownTicket {
  status: string;
  channel?: string | null;
  processingLevel?: number | null;
  closure?: { outcome?: string | null } | null;
  forwarding?: { forwardedAt?: Date | null; late?: boolean | null } | null;
}

export function outcomeOf(ticket: BreakdownTicket): Outcome {
  if (ticket.forwarding?.forwardedAt) return 'forwarded';
  if (ticket.status === 'resolved_at_intake') return 'answered_at_intake';
  if (ticket.status === 'answered') return 'awaiting_call_back';
  // An unsatisfied call-back waiting for the Office Chief's decision counts as unsatisfied.
  if (ticket.status === 'reopen_requested') return 'unsatisfied';
  if ((OPEN_STATUSES as readonly string[]).includes(ticket.status)) return 'in_progress';
  switch (ticket.closure?.outcome) {
    case 'satisfied':
    case 'useful':
    case 'unsatisfied':
      return ticket.closure.outcome;
    case 'unreachable':
      return 'no_response';
    default:
      return 'closed_other';
  }
}

export interface LevelRow {
  level: ProcessingLevel;
  total: number;
  outcomes: Record<Outcome, number>;
}

export interface Breakdown {
  total: number;
  byLevel: Record<`${ProcessingLevel}`, number>;
  byChannel: Record<Channel, number>;
  byOutcome: Record<Outcome, number>;
  /** One row per level with its outcomes: the report's summary sheet by level. */
  levels: LevelRow[];
  /** Forwarded outside the Department, and of those, later than 5 working days after receipt. */
  forwarded: { total: number; late: number };
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

/** Counts `tickets` (usually those received in a period) by level, channel and outcome. */
export function breakdown(tickets: readonly BreakdownTicket[]): Breakdown {
  const tally = breakdownTally();
  for (const ticket of tickets) tally.add(ticket);
  return tally.result();
}

/** The same count, one ticket at a time (the monthly export streams its tickets). */
export function breakdownTally(): { add(ticket: BreakdownTicket): void; result(): Breakdown } {
  const byLevel = zeros(PROCESSING_LEVELS.map((level) => `${level}` as const));
  const byChannel = zeros(CHANNELS);
  const byOutcome = zeros(OUTCOMES);
  const levels: LevelRow[] = PROCESSING_LEVELS.map((level) => ({
    level,
    total: 0,
    outcomes: zeros(OUTCOMES),
  }));
  const forwarded = { total: 0, late: 0 };
  let total = 0;
  return {
    add(ticket) {
      const level = processingLevelOf(ticket);
      const outcome = outcomeOf(ticket);
      total++;
      byLevel[`${level}`]++;
      if (ticket.channel && ticket.channel in byChannel) byChannel[ticket.channel as Channel]++;
      byOutcome[outcome]++;
      const row = levels[level - 1]!;
      row.total++;
      row.outcomes[outcome]++;
      if (outcome === 'forwarded') {
        forwarded.total++;
        if (ticket.forwarding?.late) forwarded.late++;
      }
    },
    result: () => ({ total, byLevel, byChannel, byOutcome, levels, forwarded }),
  };
}
