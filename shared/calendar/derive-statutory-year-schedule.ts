import { formatLocalDateVi } from '../time/format-vi.js';
import { addDays, isWeekend, localDateFromParts, type LocalDate } from '../time/local-date.js';
import { lunarHolidayDatesOf } from './vietnamese-lunar-dates.js';
import type { DayOff, YearSchedule } from './year-schedule.js';

/** The `source` of every derived schedule, so that it can never pass for an official one. */
export const DERIVED_SCHEDULE_SOURCE =
  'Derived from the Labour Code 2019, art. 112(1) and art. 111(3); no official schedule was loaded for this year';

const TET_DAY_NAMES = ['mùng 1', 'mùng 2', 'mùng 3', 'mùng 4'];

function statutoryHolidaysOf(year: number): DayOff[] {
  const { lunarNewYear, hungKingsCommemoration } = lunarHolidayDatesOf(year);
  const on = (month: number, day: number): LocalDate => localDateFromParts(year, month, day);
  return [
    // Art. 112(1)(a): New Year, 1 day.
    { date: on(1, 1), name: 'Tết Dương lịch' },
    // Art. 112(1)(b) gives Tết 5 days and (3) leaves the exact days to the Prime Minister; without a decision we
    // take the lunar New Year's eve and the first 4 days of the lunar year.
    { date: addDays(lunarNewYear, -1), name: 'Tết Nguyên đán (giao thừa)' },
    ...TET_DAY_NAMES.map((dayName, offset) => ({
      date: addDays(lunarNewYear, offset),
      name: `Tết Nguyên đán (${dayName})`,
    })),
    // Art. 112(1)(e): 10th day of the 3rd lunar month.
    { date: hungKingsCommemoration, name: 'Giỗ Tổ Hùng Vương' },
    // Art. 112(1)(c) and (d).
    { date: on(4, 30), name: 'Ngày Chiến thắng' },
    { date: on(5, 1), name: 'Ngày Quốc tế Lao động' },
    // Art. 112(1)(đ): 2 September "and one day immediately before or after"; we choose 1 September.
    { date: on(9, 1), name: 'Quốc khánh (ngày liền trước)' },
    { date: on(9, 2), name: 'Quốc khánh' },
  ];
}

function mergeSameDate(holidays: readonly DayOff[]): DayOff[] {
  const byDate = new Map<LocalDate, string>();
  for (const { date, name } of holidays) {
    const existing = byDate.get(date);
    byDate.set(date, existing === undefined ? name : `${existing}; ${name}`);
  }
  return [...byDate]
    .map(([date, name]) => ({ date, name }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * The statutory days off of a year without an official schedule: the holidays of Labour Code 2019 art. 112(1)
 * plus, per art. 111(3), a compensatory day on the next working day for each holiday on a Saturday or Sunday.
 * Make-up working days only come from official decisions, so there are none.
 */
export function deriveStatutoryYearSchedule(year: number): YearSchedule {
  const holidays = mergeSameDate(statutoryHolidaysOf(year));
  const taken = new Set(holidays.map((holiday) => holiday.date));
  const compensatory: DayOff[] = [];
  // Chronological order matters: a run of holidays over a weekend (Tết) pushes each compensatory day past the run.
  for (const holiday of holidays) {
    if (!isWeekend(holiday.date)) continue;
    let date = addDays(holiday.date, 1);
    while (isWeekend(date) || taken.has(date)) date = addDays(date, 1);
    taken.add(date);
    compensatory.push({ date, name: `Nghỉ bù ${holiday.name}, ${formatLocalDateVi(holiday.date)}` });
  }
  return {
    year,
    source: DERIVED_SCHEDULE_SOURCE,
    daysOff: mergeSameDate([...holidays, ...compensatory]),
    makeUpWorkingDays: [],
  };
}
