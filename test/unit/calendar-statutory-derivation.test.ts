import { expect } from 'chai';
import { DateTime } from 'luxon';
import { fileURLToPath } from 'node:url';
import {
  DERIVED_SCHEDULE_SOURCE,
  deriveStatutoryYearSchedule,
} from '../../shared/calendar/derive-statutory-year-schedule.js';
import { loadCalendarData } from '../../config/calendar-data.js';
import { lunarHolidayDatesOf } from '../../shared/calendar/vietnamese-lunar-dates.js';
import {
  createWorkingCalendar,
  missingOfficialScheduleMessage,
  type WorkingCalendar,
} from '../../shared/calendar/working-calendar.js';
import type { YearSchedule } from '../../shared/calendar/year-schedule.js';
import { addDays, isWeekend } from '../../shared/time/local-date.js';

const CALENDAR_DATA = fileURLToPath(new URL('../../config/calendar', import.meta.url));

const at = (iso: string): Date => new Date(iso);
const vn = (instant: Date): string =>
  DateTime.fromJSDate(instant, { zone: 'Asia/Ho_Chi_Minh' }).toISO({ suppressMilliseconds: true }) ??
  'Invalid';

function weekdaysOff(calendar: WorkingCalendar, year: number): string[] {
  const off: string[] = [];
  for (let date = `${year}-01-01`; date <= `${year}-12-31`; date = addDays(date, 1)) {
    if (!isWeekend(date) && !calendar.isWorkingDay(date)) off.push(date);
  }
  return off;
}

describe('Days off derived from the Labour Code for years without an official schedule', () => {
  it('takes the lunar dates from date-holidays: Tết Sat 6 Feb 2027, Hùng Kings Fri 16 Apr 2027', () => {
    expect(lunarHolidayDatesOf(2027)).to.deep.equal({
      lunarNewYear: '2027-02-06',
      hungKingsCommemoration: '2027-04-16',
    });
    expect(lunarHolidayDatesOf(2026)).to.deep.equal({
      lunarNewYear: '2026-02-17',
      hungKingsCommemoration: '2026-04-26',
    });
  });

  it('2027: Tết is eve Fri 5 Feb + mùng 1–4 (Sat 6 … Tue 9); Sat 6 and Sun 7 give Wed 10 and Thu 11; 1 May (Sat) gives Mon 3 May', () => {
    const schedule = deriveStatutoryYearSchedule(2027);
    expect(schedule.daysOff.map((day) => day.date)).to.deep.equal([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
      '2027-04-16',
      '2027-04-30',
      '2027-05-01',
      '2027-05-03',
      '2027-09-01',
      '2027-09-02',
    ]);
    expect(schedule.makeUpWorkingDays).to.deep.equal([]);
    expect(schedule.source).to.equal(DERIVED_SCHEDULE_SOURCE);
    expect(schedule.daysOff.find((day) => day.date === '2027-02-10')?.name).to.equal(
      'Nghỉ bù Tết Nguyên đán (mùng 1), thứ Bảy, 06/02/2027',
    );
  });

  it('2028: chained compensation — 30 Apr (Sun) → 1 May is itself a holiday → Tue 2 May', () => {
    expect(deriveStatutoryYearSchedule(2028).daysOff.map((day) => day.date)).to.deep.equal([
      '2028-01-01',
      '2028-01-03',
      '2028-01-25',
      '2028-01-26',
      '2028-01-27',
      '2028-01-28',
      '2028-01-29',
      '2028-01-31',
      '2028-04-04',
      '2028-04-30',
      '2028-05-01',
      '2028-05-02',
      '2028-09-01',
      '2028-09-02',
      '2028-09-04',
    ]);
  });

  it('reproduces the statutory part of the official 2026 schedule (the official one adds two swapped days)', () => {
    const official = loadCalendarData(CALENDAR_DATA).get(2026) as YearSchedule;
    const derivedOnly = createWorkingCalendar({ officialYears: {} });
    const officialCalendar = createWorkingCalendar({ officialYears: new Map([[2026, official]]) });
    const derivedOff = weekdaysOff(derivedOnly, 2026);
    const officialOff = weekdaysOff(officialCalendar, 2026);
    expect(derivedOff.filter((date) => !officialOff.includes(date))).to.deep.equal([]);
    expect(officialOff.filter((date) => !derivedOff.includes(date))).to.deep.equal([
      '2026-01-02',
      '2026-08-31',
    ]);
  });

  describe('in a calendar loaded with 2026 only', () => {
    let calendar: WorkingCalendar;
    let derivedYears: number[];
    beforeEach(() => {
      derivedYears = [];
      calendar = createWorkingCalendar({
        officialYears: loadCalendarData(CALENDAR_DATA),
        onDerivedYear: (year) => derivedYears.push(year),
      });
    });

    it('reports 2027 as missing an official schedule, and 2026 as having one', () => {
      expect(calendar.hasOfficialSchedule(2026)).to.equal(true);
      expect(calendar.hasOfficialSchedule(2027)).to.equal(false);
      expect(calendar.missingOfficialYears(2026, 2028)).to.deep.equal([2027, 2028]);
      expect(calendar.scheduleFor(2026).official).to.equal(true);
      expect(calendar.scheduleFor(2027).official).to.equal(false);
      expect(missingOfficialScheduleMessage(2027)).to.equal(
        'official schedule for 2027 is missing; using days derived from the Labour Code',
      );
    });

    it('derives 2027 once and tells the caller once', () => {
      const first = calendar.scheduleFor(2027);
      calendar.isWorkingDay('2027-02-08');
      calendar.addSpan(at('2027-02-04T10:00:00+07:00'), { workingDays: 3 });
      expect(calendar.scheduleFor(2027)).to.equal(first);
      expect(derivedYears).to.deep.equal([2027]);
    });

    it('does not derive a year it never needs (a span ending at midnight on 1 Jan stays in 2026)', () => {
      calendar.workingTimeBetween(at('2026-12-30T00:00:00+07:00'), at('2027-01-01T00:00:00+07:00'));
      expect(derivedYears).to.deep.equal([]);
    });

    it('2027 weekdays off: 1 Jan, 5 and 8–11 Feb, 16 Apr, 30 Apr, 3 May, 1–2 Sep', () => {
      expect(weekdaysOff(calendar, 2027)).to.deep.equal([
        '2027-01-01',
        '2027-02-05',
        '2027-02-08',
        '2027-02-09',
        '2027-02-10',
        '2027-02-11',
        '2027-04-16',
        '2027-04-30',
        '2027-05-03',
        '2027-09-01',
        '2027-09-02',
      ]);
    });

    it('Tết 2027: Thu 4 Feb 10:00 + 1 working day → 5–11 Feb off → Fri 12 Feb 17:00', () => {
      expect(vn(calendar.addSpan(at('2027-02-04T10:00:00+07:00'), { workingDays: 1 }))).to.equal(
        '2027-02-12T17:00:00+07:00',
      );
    });

    it('Hùng Kings 2027: Thu 15 Apr 10:00 + 1 working day → Fri 16 Apr off → Mon 19 Apr 17:00', () => {
      expect(calendar.isWorkingDay('2027-04-16')).to.equal(false);
      expect(vn(calendar.addSpan(at('2027-04-15T10:00:00+07:00'), { workingDays: 1 }))).to.equal(
        '2027-04-19T17:00:00+07:00',
      );
    });

    it('a span from December 2026 runs into the derived 2027 New Year', () => {
      expect(vn(calendar.addSpan(at('2026-12-31T10:00:00+07:00'), { workingDays: 1 }))).to.equal(
        '2027-01-04T17:00:00+07:00',
      );
      expect(derivedYears).to.deep.equal([2027]);
    });
  });
});
