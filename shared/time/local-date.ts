import { z } from 'zod';

/** A wall-calendar day with no time or zone, written `YYYY-MM-DD`; such strings sort chronologically. */
export type LocalDate = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** A date's year, month (1–12) and day of month. */
export interface LocalDateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function partsOf(value: string): LocalDateParts | undefined {
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(utcMidnightMs(year, month, day));
  const real =
    probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
  return real ? { year, month, day } : undefined;
}

// Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
function utcMidnightMs(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

/** The year, month (1–12) and day of a `YYYY-MM-DD` date; throws RangeError if it is not one. */
export function localDateParts(date: LocalDate): LocalDateParts {
  const parts = partsOf(date);
  if (!parts) throw new RangeError(`Not a calendar date written YYYY-MM-DD: ${JSON.stringify(date)}`);
  return parts;
}

function fromUtcMs(ms: number): LocalDate {
  const date = new Date(ms);
  return localDateFromParts(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Whether a string is a date that exists, written `YYYY-MM-DD` (so `2026-02-30` is not). */
export function isLocalDate(value: string): boolean {
  return partsOf(value) !== undefined;
}

/** zod schema for a date that exists, written `YYYY-MM-DD`. */
export const LocalDateSchema = z
  .string()
  .refine(isLocalDate, { message: 'expected a real date written YYYY-MM-DD' });

/** The `YYYY-MM-DD` string for a year, month (1–12) and day of month; throws RangeError if it does not exist. */
export function localDateFromParts(year: number, month: number, day: number): LocalDate {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  localDateParts(text);
  return text;
}

/** The year of a date. */
export function yearOf(date: LocalDate): number {
  return localDateParts(date).year;
}

/** The ISO weekday of a date (1 = Monday … 7 = Sunday). */
export function isoWeekdayOf(date: LocalDate): IsoWeekday {
  const { year, month, day } = localDateParts(date);
  const sundayBased = new Date(utcMidnightMs(year, month, day)).getUTCDay();
  return (sundayBased === 0 ? 7 : sundayBased) as IsoWeekday;
}

/** The date a whole number of days later (negative: earlier). */
export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError(`Days must be a whole number, got ${days}`);
  const { year, month, day } = localDateParts(date);
  return fromUtcMs(utcMidnightMs(year, month, day) + days * DAY_MS);
}

/** Whether a date falls on Saturday or Sunday, the weekly rest days of state offices. */
export function isWeekend(date: LocalDate): boolean {
  return isoWeekdayOf(date) >= 6;
}
