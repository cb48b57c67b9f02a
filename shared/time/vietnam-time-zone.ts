import { DateTime } from 'luxon';
import { localDateFromParts, localDateParts, type LocalDate } from './local-date.js';

/** The zone every deadline is counted in: UTC+7 all year, no daylight saving. */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const MINUTE_MS = 60_000;

function requireValidInstant(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return ms;
}

/** An instant as a luxon DateTime on the Vietnamese wall clock. */
export function vietnamDateTimeOf(instant: Date): DateTime {
  return DateTime.fromMillis(requireValidInstant(instant), { zone: VIETNAM_TIME_ZONE });
}

/** The Vietnamese calendar date an instant falls on. */
export function localDateOf(instant: Date): LocalDate {
  const local = vietnamDateTimeOf(instant);
  return localDateFromParts(local.year, local.month, local.day);
}

/** The instant of Vietnamese midnight starting a date. */
export function startOfLocalDate(date: LocalDate): Date {
  return DateTime.fromObject(localDateParts(date), { zone: VIETNAM_TIME_ZONE }).toJSDate();
}

/** The instant a number of minutes after Vietnamese midnight of a date (1440 = the next midnight). */
export function instantAtMinute(date: LocalDate, minuteOfDay: number): Date {
  // Plain addition is exact: Vietnam has kept UTC+7 without daylight saving since 1975.
  return new Date(startOfLocalDate(date).getTime() + minuteOfDay * MINUTE_MS);
}
