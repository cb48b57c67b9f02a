import { addDays, type LocalDate } from '../time/local-date.js';
import { localDateOf, startOfLocalDate } from '../time/vietnam-time-zone.js';

/** One stretch of office time as instants: `start` inclusive, `end` exclusive. */
export interface OfficeInterval {
  readonly start: Date;
  readonly end: Date;
}

/** The office intervals of a Vietnamese date in order; empty when the office is closed all day. */
export type OfficeIntervalsOn = (date: LocalDate) => readonly OfficeInterval[];

// No real schedule closes for a year; hitting this means the office hours or the data are wrong.
const MAX_CLOSED_DAYS_IN_A_ROW = 366;

function noOfficeTimeError(from: LocalDate, direction: 'after' | 'before'): Error {
  return new Error(`No office hours within ${MAX_CLOSED_DAYS_IN_A_ROW} days ${direction} ${from}`);
}

/** The first date after `date` with office hours. */
export function nextWorkingDayAfter(intervalsOn: OfficeIntervalsOn, date: LocalDate): LocalDate {
  for (let step = 1; step <= MAX_CLOSED_DAYS_IN_A_ROW; step++) {
    const candidate = addDays(date, step);
    if (intervalsOn(candidate).length > 0) return candidate;
  }
  throw noOfficeTimeError(date, 'after');
}

/** The last date before `date` with office hours. */
export function previousWorkingDayBefore(intervalsOn: OfficeIntervalsOn, date: LocalDate): LocalDate {
  for (let step = 1; step <= MAX_CLOSED_DAYS_IN_A_ROW; step++) {
    const candidate = addDays(date, -step);
    if (intervalsOn(candidate).length > 0) return candidate;
  }
  throw noOfficeTimeError(date, 'before');
}

/** Office intervals day by day from the date of `from`, going forwards (1) or backwards (-1) in time. */
function* intervalsFrom(
  intervalsOn: OfficeIntervalsOn,
  from: Date,
  direction: 1 | -1,
): Generator<OfficeInterval, never, undefined> {
  let date = localDateOf(from);
  let closedInARow = 0;
  for (;;) {
    const intervals = intervalsOn(date);
    if (intervals.length === 0) {
      closedInARow += 1;
      if (closedInARow > MAX_CLOSED_DAYS_IN_A_ROW) {
        throw noOfficeTimeError(localDateOf(from), direction === 1 ? 'after' : 'before');
      }
    } else {
      closedInARow = 0;
    }
    yield* direction === 1 ? intervals : [...intervals].reverse();
    date = addDays(date, direction);
  }
}

/** The first office opening at or after `instant`. */
export function nextOfficeOpening(intervalsOn: OfficeIntervalsOn, instant: Date): Date {
  for (const interval of intervalsFrom(intervalsOn, instant, 1)) {
    if (interval.start.getTime() >= instant.getTime()) return interval.start;
  }
  throw new Error('unreachable');
}

/** Whether `instant` lies inside an office interval (opening inclusive, closing exclusive). */
export function isWithinOfficeHours(intervalsOn: OfficeIntervalsOn, instant: Date): boolean {
  const t = instant.getTime();
  return intervalsOn(localDateOf(instant)).some((i) => i.start.getTime() <= t && t < i.end.getTime());
}

/**
 * The close of office hours on the `days`-th working day after the date of `start`; the date of `start` never
 * counts, whatever the hour.
 */
export function addWorkingDays(intervalsOn: OfficeIntervalsOn, start: Date, days: number): Date {
  let date = localDateOf(start);
  for (let counted = 0; counted < days; counted++) date = nextWorkingDayAfter(intervalsOn, date);
  return lastClosingOn(intervalsOn, date);
}

function lastClosingOn(intervalsOn: OfficeIntervalsOn, date: LocalDate): Date {
  const last = intervalsOn(date).at(-1);
  if (!last) throw new Error(`${date} has no office hours`);
  return last.end;
}

/**
 * The same Vietnamese clock time `days` working days before the date of `deadline`, clamped into that day's
 * office hours: before opening → opening, after closing → closing, in a break (lunch) → the start of the break.
 */
export function subtractWorkingDays(intervalsOn: OfficeIntervalsOn, deadline: Date, days: number): Date {
  const deadlineDate = localDateOf(deadline);
  const clockMs = deadline.getTime() - startOfLocalDate(deadlineDate).getTime();
  let date = deadlineDate;
  for (let counted = 0; counted < days; counted++) date = previousWorkingDayBefore(intervalsOn, date);
  const candidate = startOfLocalDate(date).getTime() + clockMs;
  const intervals = intervalsOn(date);
  // Clamping backwards in a break keeps a reminder from ever coming later than asked for.
  let clamped: number | undefined;
  for (const interval of intervals) {
    if (candidate < interval.start.getTime()) {
      clamped ??= interval.start.getTime();
      break;
    }
    clamped = Math.min(candidate, interval.end.getTime());
    if (candidate < interval.end.getTime()) break;
  }
  return new Date(clamped ?? candidate);
}

/**
 * The instant after `ms` of office time counted from `start` (from the next opening if `start` is outside office
 * hours). When the time runs out exactly at a closing, the closing is returned, not the next opening.
 */
export function addWorkingTime(intervalsOn: OfficeIntervalsOn, start: Date, ms: number): Date {
  let remaining = ms;
  const startMs = start.getTime();
  for (const interval of intervalsFrom(intervalsOn, start, 1)) {
    if (interval.end.getTime() <= startMs) continue;
    const from = Math.max(interval.start.getTime(), startMs);
    const available = interval.end.getTime() - from;
    if (remaining <= available) return new Date(from + remaining);
    remaining -= available;
  }
  throw new Error('unreachable');
}

/**
 * The instant `ms` of office time before `end` (counting back from the previous closing if `end` is outside
 * office hours). When the time runs out exactly at an opening, the opening is returned.
 */
export function subtractWorkingTime(intervalsOn: OfficeIntervalsOn, end: Date, ms: number): Date {
  let remaining = ms;
  const endMs = end.getTime();
  for (const interval of intervalsFrom(intervalsOn, end, -1)) {
    if (interval.start.getTime() >= endMs) continue;
    const to = Math.min(interval.end.getTime(), endMs);
    const available = to - interval.start.getTime();
    if (remaining <= available) return new Date(to - remaining);
    remaining -= available;
  }
  throw new Error('unreachable');
}

/** Office time between two instants in milliseconds; negative when `to` is before `from`. */
export function workingTimeBetween(intervalsOn: OfficeIntervalsOn, from: Date, to: Date): number {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (toMs < fromMs) return -workingTimeBetween(intervalsOn, to, from);
  if (toMs === fromMs) return 0;
  // The last millisecond, not `to`: a span ending at midnight must not load (or warn about) the next day's year.
  const lastDate = localDateOf(new Date(toMs - 1));
  let total = 0;
  for (let date = localDateOf(from); date <= lastDate; date = addDays(date, 1)) {
    for (const interval of intervalsOn(date)) {
      const overlap = Math.min(interval.end.getTime(), toMs) - Math.max(interval.start.getTime(), fromMs);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}
