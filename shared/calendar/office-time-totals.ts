import type { OfficeInterval, OfficeIntervalsOn } from './office-time-arithmetic.js';

/**
 * Office time between two instants without walking the days in between: per year, the office time
 * before each of its days (a running total), so a span costs two look-ups in its first and last
 * years plus one total per full year between. The numbers are those of `workingTimeBetween` in
 * office-time-arithmetic.ts (the overlap of [from, to) with the office intervals, day by day); the
 * dashboard measures thousands of spans, some of them months long, and the day walk with a time-zone
 * look-up per day was most of its time with a year of tickets stored.
 */

const DAY_MS = 86_400_000;
// Vietnam has kept UTC+7 without daylight saving since 1975 (as instantAtMinute relies on), so the
// Vietnamese date of an instant is plain arithmetic on the supported years.
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
/** Years kept at once (as the calendar's own year cache): a few KB each. */
const MAX_CACHED_YEARS = 12;

interface YearTotals {
  /** Day number (days since 1970-01-01 on the Vietnamese calendar) of 1 January. */
  readonly firstDay: number;
  /** The office intervals of each day of the year, 1 January first. */
  readonly intervals: readonly (readonly OfficeInterval[])[];
  /** Office ms of the year before each day; one more entry than days: the whole year's total. */
  readonly before: Float64Array;
}

/** Vietnamese day number of an instant (days since 1970-01-01 on the Vietnamese calendar). */
function dayNumberOf(ms: number): number {
  return Math.floor((ms + VIETNAM_OFFSET_MS) / DAY_MS);
}

function yearOfDayNumber(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

function firstDayOfYear(year: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, 0, 1);
  return Math.round(date.getTime() / DAY_MS);
}

function isoDateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Office ms of one day's intervals before the instant `ms` (all of them when `ms` is past the last). */
function officeTimeBefore(intervals: readonly OfficeInterval[], ms: number): number {
  let total = 0;
  for (const interval of intervals) {
    const start = interval.start.getTime();
    if (ms <= start) break;
    total += Math.min(ms, interval.end.getTime()) - start;
  }
  return total;
}

/** `workingTimeBetween` for a calendar's `intervalsOn`, answered from per-year running totals. */
export function officeTimeTotals(intervalsOn: OfficeIntervalsOn): (from: Date, to: Date) => number {
  const years = new Map<number, YearTotals>();

  const totalsOf = (year: number): YearTotals => {
    let totals = years.get(year);
    if (!totals) {
      const firstDay = firstDayOfYear(year);
      const days = firstDayOfYear(year + 1) - firstDay;
      const intervals: (readonly OfficeInterval[])[] = [];
      const before = new Float64Array(days + 1);
      for (let i = 0; i < days; i++) {
        const today = intervalsOn(isoDateOfDayNumber(firstDay + i));
        intervals.push(today);
        before[i + 1] = before[i]! + officeTimeBefore(today, Infinity);
      }
      if (years.size >= MAX_CACHED_YEARS) years.delete(years.keys().next().value!);
      totals = { firstDay, intervals, before };
      years.set(year, totals);
    }
    return totals;
  };

  /** Office ms of the year of `day` before the instant `ms`, which lies on `day` or at its end. */
  const sinceNewYear = (totals: YearTotals, day: number, ms: number): number => {
    const index = day - totals.firstDay;
    return totals.before[index]! + officeTimeBefore(totals.intervals[index]!, ms);
  };

  const between = (from: Date, to: Date): number => {
    const fromMs = from.getTime();
    const toMs = to.getTime();
    if (Number.isNaN(fromMs) || Number.isNaN(toMs)) throw new RangeError('Invalid Date');
    if (toMs < fromMs) return -between(to, from);
    if (toMs === fromMs) return 0;
    const fromDay = dayNumberOf(fromMs);
    // The last millisecond's day, not `to`'s: a span ending at midnight must not load (or warn
    // about) the next day's year.
    const toDay = dayNumberOf(toMs - 1);
    const fromYear = yearOfDayNumber(fromDay);
    const toYear = yearOfDayNumber(toDay);
    const first = totalsOf(fromYear);
    if (fromYear === toYear) return sinceNewYear(first, toDay, toMs) - sinceNewYear(first, fromDay, fromMs);
    let total = first.before[first.before.length - 1]! - sinceNewYear(first, fromDay, fromMs);
    for (let year = fromYear + 1; year < toYear; year++) {
      const whole = totalsOf(year).before;
      total += whole[whole.length - 1]!;
    }
    return total + sinceNewYear(totalsOf(toYear), toDay, toMs);
  };
  return between;
}
