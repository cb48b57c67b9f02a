import { z } from 'zod';
import type { IsoWeekday } from '../time/local-date.js';

/** A stretch of office time within one day, in minutes since local midnight (end exclusive, at most 1440). */
export interface MinuteInterval {
  readonly startMinute: number;
  readonly endMinute: number;
}

const INTERVAL_PATTERN = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

function minuteOf(hours: string | undefined, minutes: string | undefined): number | undefined {
  const h = Number(hours);
  const m = Number(minutes);
  if (!Number.isInteger(h) || !Number.isInteger(m) || m > 59) return undefined;
  const total = h * 60 + m;
  return total <= 24 * 60 ? total : undefined;
}

/** Parses `"HH:mm-HH:mm"` (24-hour, end may be `24:00`) into minutes; undefined unless start < end. */
export function parseOfficeInterval(text: string): MinuteInterval | undefined {
  const match = INTERVAL_PATTERN.exec(text);
  if (!match) return undefined;
  const startMinute = minuteOf(match[1], match[2]);
  const endMinute = minuteOf(match[3], match[4]);
  if (startMinute === undefined || endMinute === undefined || startMinute >= endMinute) return undefined;
  return { startMinute, endMinute };
}

const OfficeIntervalTextSchema = z.string().refine((text) => parseOfficeInterval(text) !== undefined, {
  message: 'expected "HH:mm-HH:mm" with the start before the end',
});

/** One day's office hours: `"HH:mm-HH:mm"` intervals in order, not overlapping; empty = closed. */
export const DayOfficeHoursSchema = z.array(OfficeIntervalTextSchema).superRefine((intervals, ctx) => {
  const parsed = intervals.map(parseOfficeInterval);
  for (let i = 1; i < parsed.length; i++) {
    const previous = parsed[i - 1];
    const current = parsed[i];
    if (previous && current && current.startMinute < previous.endMinute) {
      ctx.addIssue({ code: 'custom', path: [i], message: 'intervals must be in order and must not overlap' });
    }
  }
});

/** Office hours per ISO weekday (`"1"` = Monday … `"7"` = Sunday); at least one day must have hours. */
export const OfficeHoursSchema = z
  .strictObject({
    1: DayOfficeHoursSchema,
    2: DayOfficeHoursSchema,
    3: DayOfficeHoursSchema,
    4: DayOfficeHoursSchema,
    5: DayOfficeHoursSchema,
    6: DayOfficeHoursSchema,
    7: DayOfficeHoursSchema,
  })
  .refine((hours) => Object.values(hours).some((day) => day.length > 0), {
    message: 'at least one weekday must have office hours',
  });

/** Office hours per ISO weekday, as validated by `OfficeHoursSchema`. */
export type OfficeHours = z.infer<typeof OfficeHoursSchema>;

const STATE_OFFICE_DAY = ['07:00-11:30', '13:30-17:00'];

/** Default office hours: Monday–Friday 07:00–11:30 and 13:30–17:00; Saturday and Sunday closed. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  1: STATE_OFFICE_DAY,
  2: STATE_OFFICE_DAY,
  3: STATE_OFFICE_DAY,
  4: STATE_OFFICE_DAY,
  5: STATE_OFFICE_DAY,
  6: [],
  7: [],
};

/** Validated office hours as minute intervals per ISO weekday. */
export type OfficeMinutesByWeekday = ReadonlyMap<IsoWeekday, readonly MinuteInterval[]>;

/** Validates office hours (throws a ZodError when invalid) and converts them to minute intervals. */
export function officeMinutesByWeekday(hours: OfficeHours): OfficeMinutesByWeekday {
  const valid = OfficeHoursSchema.parse(hours);
  const result = new Map<IsoWeekday, readonly MinuteInterval[]>();
  for (const weekday of [1, 2, 3, 4, 5, 6, 7] as const) {
    result.set(
      weekday,
      valid[weekday].map((text) => parseOfficeInterval(text)).filter((interval) => interval !== undefined),
    );
  }
  return result;
}
