import { isoWeekdayOf, yearOf, type LocalDate } from '../time/local-date.js';
import { instantAtMinute } from '../time/vietnam-time-zone.js';
import { deriveStatutoryYearSchedule } from './derive-statutory-year-schedule.js';
import { FIRST_SUPPORTED_YEAR, isSupportedYear, LAST_SUPPORTED_YEAR } from './supported-years.js';
import {
  addWorkingDays,
  addWorkingTime,
  isWithinOfficeHours,
  nextOfficeOpening,
  subtractWorkingDays,
  subtractWorkingTime,
  type OfficeInterval,
} from './office-time-arithmetic.js';
import { officeTimeTotals } from './office-time-totals.js';
import {
  DEFAULT_OFFICE_HOURS,
  officeMinutesByWeekday,
  type MinuteInterval,
  type OfficeHours,
} from './office-hours.js';
import { SpanSchema, type Span } from './span.js';
import { YearScheduleSchema, type MakeUpWorkingDay, type YearSchedule } from './year-schedule.js';

export type { OfficeInterval } from './office-time-arithmetic.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
// Enough for several years of look-ups; cleared wholesale past that to bound memory in a long-running process.
const MAX_CACHED_DAYS = 4_000;
/** Derived years kept indexed at once; a request naming many years cannot grow the cache without bound. */
const MAX_CACHED_YEARS = 12;

/** Settings of one unit's working calendar. */
export interface WorkingCalendarOptions {
  /** Office hours per ISO weekday. Default `DEFAULT_OFFICE_HOURS` (Monday–Friday 07:00–11:30, 13:30–17:00). */
  readonly officeHours?: OfficeHours;
  /** Official schedules by year, e.g. from `loadCalendarData()`; other years are derived from the Labour Code. */
  readonly officialYears: ReadonlyMap<number, YearSchedule> | Readonly<Record<number, YearSchedule>>;
  /** Called once per year, the first time that year's days off have to be derived rather than read. */
  readonly onDerivedYear?: (year: number) => void;
}

/** The schedule used for a year and whether it is the official one. */
export interface ResolvedYearSchedule {
  readonly schedule: YearSchedule;
  readonly official: boolean;
}

/** What a date is in a calendar: a normal office day, a make-up working day, a day off or a weekly closure. */
export type CalendarDay =
  | { readonly kind: 'office-day' }
  | { readonly kind: 'make-up-day'; readonly name: string; readonly replaces: LocalDate }
  | { readonly kind: 'day-off'; readonly name: string }
  | { readonly kind: 'closed' };

/** Vietnamese working time for one unit: office hours, days off and make-up days, and deadline arithmetic. */
export interface WorkingCalendar {
  /** The validated office hours of this calendar. */
  readonly officeHours: OfficeHours;
  /** Office time of one normal working day in ms: the longest weekday of `officeHours` (8 h by default). */
  readonly workingDayMs: number;
  /** The schedule used for a year (official if loaded, else derived and cached). */
  scheduleFor(year: number): ResolvedYearSchedule;
  /** Whether an official schedule was supplied for a year. */
  hasOfficialSchedule(year: number): boolean;
  /** The years from `fromYear` to `toYear` (inclusive) that have no official schedule, ascending. */
  missingOfficialYears(fromYear: number, toYear: number): number[];
  /** What a Vietnamese date is in this calendar. */
  describeDay(date: LocalDate): CalendarDay;
  /** Whether a Vietnamese date has office hours in this calendar. */
  isWorkingDay(date: LocalDate): boolean;
  /** The office intervals of a Vietnamese date; empty on days off and closed weekdays. */
  officeIntervalsOn(date: LocalDate): readonly OfficeInterval[];
  /** Whether an instant is inside office hours (opening inclusive, closing exclusive). */
  isWithinOfficeHours(instant: Date): boolean;
  /** The first office opening at or after an instant. */
  nextOfficeOpening(instant: Date): Date;
  /**
   * The deadline `span` after `start`. Working days: the receipt date never counts; the deadline is the close of
   * office hours on the N-th working day after it. Working hours: office time only, from `start` or the next
   * opening. Seconds: plain time.
   */
  addSpan(start: Date, span: Span): Date;
  /**
   * The instant `span` before `deadline`, for reminders. Working days: the same clock time N working days earlier,
   * clamped into that day's office hours (before opening → opening, after closing → closing, lunch → its start).
   * Working hours: office time only, counted back from `deadline` or the previous closing. Seconds: plain time.
   */
  subtractSpan(deadline: Date, span: Span): Date;
  /** Office time between two instants in ms; negative when `to` is before `from`. */
  workingTimeBetween(from: Date, to: Date): number;
  /** The instant `ms` of office time after `start` (from `start` or the next opening). */
  addWorkingTime(start: Date, ms: number): Date;
  /** The instant halfway through the office time from `start` to `deadline`; plain halfway if there is none. */
  midpoint(start: Date, deadline: Date): Date;
}

/** The warning to log when a year has no official schedule. */
export function missingOfficialScheduleMessage(year: number): string {
  return `official schedule for ${year} is missing; using days derived from the Labour Code`;
}

interface YearIndex {
  readonly resolved: ResolvedYearSchedule;
  readonly daysOff: ReadonlyMap<LocalDate, string>;
  readonly makeUpDays: ReadonlyMap<LocalDate, MakeUpWorkingDay>;
}

function officialSchedulesByYear(source: WorkingCalendarOptions['officialYears']): Map<number, YearSchedule> {
  const entries: [number, YearSchedule][] =
    source instanceof Map
      ? [...source.entries()]
      : Object.entries(source).map(([key, value]) => [Number(key), value]);
  const byYear = new Map<number, YearSchedule>();
  for (const [year, schedule] of entries) {
    const valid = YearScheduleSchema.parse(schedule);
    if (valid.year !== year) throw new Error(`Official schedule filed under ${year} is for ${valid.year}`);
    byYear.set(year, valid);
  }
  return byYear;
}

function indexYear(resolved: ResolvedYearSchedule): YearIndex {
  return {
    resolved,
    daysOff: new Map(resolved.schedule.daysOff.map((day) => [day.date, day.name])),
    makeUpDays: new Map(resolved.schedule.makeUpWorkingDays.map((day) => [day.date, day])),
  };
}

function dayLengthMs(intervals: readonly MinuteInterval[]): number {
  return intervals.reduce(
    (sum, interval) => sum + (interval.endMinute - interval.startMinute) * MINUTE_MS,
    0,
  );
}

/** Builds a working calendar; throws a ZodError if the office hours or a supplied schedule are invalid. */
export function createWorkingCalendar(options: WorkingCalendarOptions): WorkingCalendar {
  const officeHours = options.officeHours ?? DEFAULT_OFFICE_HOURS;
  const minutesByWeekday = officeMinutesByWeekday(officeHours);
  const official = officialSchedulesByYear(options.officialYears);
  const years = new Map<number, YearIndex>();
  const intervalsByDate = new Map<LocalDate, readonly OfficeInterval[]>();

  const yearIndex = (year: number): YearIndex => {
    let index = years.get(year);
    if (!index) {
      if (!isSupportedYear(year)) {
        throw new RangeError(
          `no working calendar for ${year} (${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR})`,
        );
      }
      // Oldest first (a Map keeps insertion order): the years in use come back at once if evicted.
      if (years.size >= MAX_CACHED_YEARS) years.delete(years.keys().next().value!);
      const schedule = official.get(year);
      if (schedule) {
        index = indexYear({ schedule, official: true });
      } else {
        index = indexYear({ schedule: deriveStatutoryYearSchedule(year), official: false });
        options.onDerivedYear?.(year);
      }
      years.set(year, index);
    }
    return index;
  };

  const describeDay = (date: LocalDate): CalendarDay => {
    const index = yearIndex(yearOf(date));
    const dayOffName = index.daysOff.get(date);
    if (dayOffName !== undefined) return { kind: 'day-off', name: dayOffName };
    const makeUp = index.makeUpDays.get(date);
    if (makeUp) return { kind: 'make-up-day', name: makeUp.name, replaces: makeUp.replaces };
    return (minutesByWeekday.get(isoWeekdayOf(date)) ?? []).length > 0
      ? { kind: 'office-day' }
      : { kind: 'closed' };
  };

  const computeIntervals = (date: LocalDate): readonly OfficeInterval[] => {
    const day = describeDay(date);
    if (day.kind === 'day-off' || day.kind === 'closed') return [];
    // A make-up day is worked with the hours of the weekday it replaces (so a unit closed that weekday stays closed).
    const weekday = isoWeekdayOf(day.kind === 'make-up-day' ? day.replaces : date);
    return (minutesByWeekday.get(weekday) ?? []).map((interval) => ({
      start: instantAtMinute(date, interval.startMinute),
      end: instantAtMinute(date, interval.endMinute),
    }));
  };

  const officeIntervalsOn = (date: LocalDate): readonly OfficeInterval[] => {
    let intervals = intervalsByDate.get(date);
    if (!intervals) {
      intervals = computeIntervals(date);
      if (intervalsByDate.size >= MAX_CACHED_DAYS) intervalsByDate.clear();
      intervalsByDate.set(date, intervals);
    }
    return intervals;
  };

  // Running totals per year rather than a walk over every day (office-time-totals.ts): the same numbers.
  const between = officeTimeTotals(officeIntervalsOn);

  return {
    officeHours,
    workingDayMs: Math.max(...[...minutesByWeekday.values()].map(dayLengthMs)),
    scheduleFor: (year) => yearIndex(year).resolved,
    hasOfficialSchedule: (year) => official.has(year),
    missingOfficialYears: (fromYear, toYear) => {
      const missing: number[] = [];
      for (let year = fromYear; year <= toYear; year++) if (!official.has(year)) missing.push(year);
      return missing;
    },
    describeDay,
    isWorkingDay: (date) => officeIntervalsOn(date).length > 0,
    officeIntervalsOn,
    isWithinOfficeHours: (instant) => isWithinOfficeHours(officeIntervalsOn, instant),
    nextOfficeOpening: (instant) => nextOfficeOpening(officeIntervalsOn, instant),
    addSpan: (start, span) => {
      const valid = SpanSchema.parse(span);
      if ('workingDays' in valid) return addWorkingDays(officeIntervalsOn, start, valid.workingDays);
      if ('workingHours' in valid) {
        return addWorkingTime(officeIntervalsOn, start, Math.round(valid.workingHours * HOUR_MS));
      }
      return new Date(requireValid(start).getTime() + valid.seconds * 1000);
    },
    subtractSpan: (deadline, span) => {
      const valid = SpanSchema.parse(span);
      if ('workingDays' in valid) return subtractWorkingDays(officeIntervalsOn, deadline, valid.workingDays);
      if ('workingHours' in valid) {
        return subtractWorkingTime(officeIntervalsOn, deadline, Math.round(valid.workingHours * HOUR_MS));
      }
      return new Date(requireValid(deadline).getTime() - valid.seconds * 1000);
    },
    workingTimeBetween: between,
    addWorkingTime: (start, ms) => addWorkingTime(officeIntervalsOn, start, ms),
    midpoint: (start, deadline) => {
      if (deadline.getTime() < start.getTime()) throw new RangeError('The deadline is before the start');
      const total = between(start, deadline);
      if (total === 0)
        return new Date(start.getTime() + Math.floor((deadline.getTime() - start.getTime()) / 2));
      return addWorkingTime(officeIntervalsOn, start, Math.floor(total / 2));
    },
  };
}

function requireValid(instant: Date): Date {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date');
  return instant;
}
