import Holidays from 'date-holidays';
import type { LocalDate } from '../time/local-date.js';

/** The Gregorian dates of the two lunar-calendar public holidays in one year. */
export interface LunarHolidayDates {
  /** First day of the lunar year (mùng 1 Tết). */
  readonly lunarNewYear: LocalDate;
  /** Hùng Kings' Commemoration, 10th day of the 3rd lunar month. */
  readonly hungKingsCommemoration: LocalDate;
}

// date-holidays' rule strings are stable identifiers; its names are translations and may change.
const LUNAR_NEW_YEAR_RULE = 'vietnamese 1-0-1';
const HUNG_KINGS_RULE = 'vietnamese 3-0-10';

let vietnamHolidays: Holidays | undefined;

/**
 * Reads the lunar holidays of a year from date-holidays. Only these two dates are taken from it: its VN list
 * has 2 Tết days, 1 National Day and no compensatory days, unlike the Labour Code.
 */
export function lunarHolidayDatesOf(year: number): LunarHolidayDates {
  vietnamHolidays ??= new Holidays('VN');
  const holidays = vietnamHolidays.getHolidays(year);
  const dateOfRule = (rule: string): LocalDate => {
    const holiday = holidays.find((candidate) => candidate.rule === rule);
    if (!holiday) throw new Error(`date-holidays has no "${rule}" holiday for VN in ${year}`);
    return holiday.date.slice(0, 10);
  };
  return {
    lunarNewYear: dateOfRule(LUNAR_NEW_YEAR_RULE),
    hungKingsCommemoration: dateOfRule(HUNG_KINGS_RULE),
  };
}
