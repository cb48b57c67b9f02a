import { z } from 'zod';
import { OUTCOMES } from '../../shared/oversight/ticket-breakdown.js';
import { CHANNELS, PROCESSING_LEVELS } from '../../shared/tickets/ticket-types.js';
import type { MonitorStats } from './monitor-stats.js';

const Instant = z.iso.datetime();
const Count = z.number().int().min(0);
const countsOf = <K extends string>(keys: readonly K[]) =>
  z.strictObject(Object.fromEntries(keys.map((key) => [key, Count])) as Record<K, typeof Count>);
const Level = z.union(PROCESSING_LEVELS.map((level) => z.literal(level)));
const Rate = z.number().min(0).max(1).nullable().describe('0–1; null khi không có phiếu đến hạn');

/**
 * The JSON of `GET /api/v1/stats`: the dashboard's numbers. The router builds it through
 * `toStatsView`, so a figure added to the stats without being added here fails the type check, and
 * the OpenAPI document describes exactly what is sent.
 */
export const StatsViewSchema = z.strictObject({
  now: Instant.describe('Thời điểm tính'),
  period: z.strictObject({
    from: Instant.describe('Đầu khoảng (bao gồm)'),
    to: Instant.describe('Cuối khoảng (không bao gồm)'),
  }),
  filters: z.strictObject({ department: z.string().optional(), category: z.string().optional() }),
  counters: z.strictObject({
    open: Count,
    dueToday: Count.describe('Chưa trả lời, hạn còn trong hôm nay'),
    overdue: Count,
    escalated: Count,
    answeredThisWeek: Count,
    onTimeRateThisMonth: Rate,
  }),
  summary: z.strictObject({
    received: Count,
    answered: Count,
    onTime: Count,
    late: Count,
    overdue: Count.describe('Chưa trả lời, hạn rơi vào khoảng và đã qua'),
    rate: Rate,
  }),
  flow: z.strictObject({
    waitingOnCitizen: Count.describe('Đang chờ người phản ánh bổ sung (thời hạn tạm dừng)'),
    awaitingReopenDecision: Count.describe('Gọi lại chưa hài lòng, chờ Chánh Văn phòng Sở quyết định'),
    reopened: Count.describe('Mở lại trong khoảng, đếm riêng'),
    closedUnreachable: Count.describe('Đóng vì không liên lạc được người phản ánh, trong khoảng'),
  }),
  breakdown: z
    .strictObject({
      total: Count,
      byLevel: countsOf(PROCESSING_LEVELS.map((level) => `${level}` as const)).describe(
        'Mức 1: trả lời ngay khi tiếp nhận; mức 2: chuyển một đơn vị; mức 3: phức tạp',
      ),
      byChannel: countsOf(CHANNELS),
      byOutcome: countsOf(OUTCOMES),
      levels: z.array(z.strictObject({ level: Level, total: Count, outcomes: countsOf(OUTCOMES) })),
      forwarded: z
        .strictObject({ total: Count, late: Count.describe('Quá 5 ngày làm việc kể từ khi tiếp nhận') })
        .describe('Chuyển ra ngoài Sở'),
    })
    .describe('Phiếu tiếp nhận trong khoảng, theo mức xử lý, kênh và kết quả'),
  units: z.array(
    z.strictObject({
      unitCode: z.string(),
      unitName: z.string(),
      assigned: Count,
      answeredOnTime: Count,
      answeredLate: Count,
      overdueNow: Count,
      medianHoursToAnswer: z
        .number()
        .min(0)
        .nullable()
        .describe('Giờ làm việc, trung vị; null khi chưa có trả lời'),
      onTimeRate: Rate,
    }),
  ),
  daily: z
    .array(
      z.strictObject({
        date: z.iso.date().describe('Ngày theo giờ Việt Nam'),
        received: Count,
        answered: Count,
      }),
    )
    .describe('30 ngày gần nhất'),
});
export type StatsView = z.output<typeof StatsViewSchema>;

export function toStatsView(stats: MonitorStats): StatsView {
  return {
    now: stats.now.toISOString(),
    period: { from: stats.period.from.toISOString(), to: stats.period.to.toISOString() },
    filters: stats.filters,
    counters: stats.counters,
    summary: stats.summary,
    flow: stats.flow,
    breakdown: stats.breakdown,
    units: stats.units,
    daily: stats.daily,
  };
}
