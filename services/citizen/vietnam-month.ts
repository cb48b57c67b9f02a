import { DateTime } from 'luxon';

/** A calendar month in Vietnam (`2026-12`) as the instants it spans. */
export function vietnamMonthRange(month: string): { from: Date; to: Date } {
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone: 'Asia/Ho_Chi_Minh' });
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}
