import { expect } from 'chai';
import { DateTime } from 'luxon';
import { fileURLToPath } from 'node:url';
import { loadCalendarData } from '../../config/calendar-data.js';
import { DEFAULT_OFFICE_HOURS, OfficeHoursSchema } from '../../shared/calendar/office-hours.js';
import { SpanSchema } from '../../shared/calendar/span.js';
import {
  createWorkingCalendar,
  type WorkingCalendar,
} from '../../shared/calendar/working-calendar.js';

const CALENDAR_DATA = fileURLToPath(new URL('../../config/calendar', import.meta.url));

const at = (iso: string): Date => new Date(iso);
const vn = (instant: Date): string =>
  DateTime.fromJSDate(instant, { zone: 'Asia/Ho_Chi_Minh' }).toISO({ suppressMilliseconds: true }) ??
  'Invalid';

describe('WorkingCalendar: days and office hours', () => {
  let calendar: WorkingCalendar;
  before(() => {
    calendar = createWorkingCalendar({ officialYears: loadCalendarData(CALENDAR_DATA) });
  });

  describe('isWorkingDay', () => {
    const cases: [string, boolean, string][] = [
      ['2026-03-09', true, 'an ordinary Monday'],
      ['2026-03-07', false, 'a Saturday'],
      ['2026-03-08', false, 'a Sunday'],
      ['2026-01-02', false, 'Fri 2 Jan 2026, swapped for Saturday 10 Jan'],
      ['2026-01-10', true, 'make-up Saturday 10 Jan 2026'],
      ['2026-08-22', true, 'make-up Saturday 22 Aug 2026'],
      ['2026-08-31', false, 'Mon 31 Aug 2026, swapped for Saturday 22 Aug'],
      ['2026-02-16', false, 'Tết eve 2026'],
      ['2026-02-20', false, 'mùng 4 Tết 2026'],
      ['2026-02-23', true, 'the first working day after Tết 2026'],
      ['2026-04-27', false, 'Hùng Kings day in lieu 2026'],
      ['2026-04-30', false, '30 April 2026'],
      ['2026-05-01', false, '1 May 2026'],
      ['2026-09-02', false, 'National Day 2026'],
    ];
    for (const [date, expected, what] of cases) {
      it(`${date} (${what}) → ${expected}`, () => {
        expect(calendar.isWorkingDay(date)).to.equal(expected);
      });
    }
  });

  it('describes what a day is', () => {
    expect(calendar.describeDay('2026-03-09')).to.deep.equal({ kind: 'office-day' });
    expect(calendar.describeDay('2026-03-07')).to.deep.equal({ kind: 'closed' });
    expect(calendar.describeDay('2026-02-17')).to.deep.equal({
      kind: 'day-off',
      name: 'Tết Nguyên đán (mùng 1)',
    });
    expect(calendar.describeDay('2026-01-10')).to.include({ kind: 'make-up-day', replaces: '2026-01-02' });
  });

  describe('officeIntervalsOn', () => {
    const shown = (date: string): string[] =>
      calendar.officeIntervalsOn(date).map((interval) => `${vn(interval.start)}/${vn(interval.end)}`);

    it('a normal weekday has 07:00–11:30 and 13:30–17:00', () => {
      expect(shown('2026-03-09')).to.deep.equal([
        '2026-03-09T07:00:00+07:00/2026-03-09T11:30:00+07:00',
        '2026-03-09T13:30:00+07:00/2026-03-09T17:00:00+07:00',
      ]);
    });

    it('a make-up Saturday has the hours of a normal weekday', () => {
      expect(shown('2026-08-22')).to.deep.equal([
        '2026-08-22T07:00:00+07:00/2026-08-22T11:30:00+07:00',
        '2026-08-22T13:30:00+07:00/2026-08-22T17:00:00+07:00',
      ]);
    });

    it('a day off and a weekend have none', () => {
      expect(shown('2026-02-18')).to.deep.equal([]);
      expect(shown('2026-03-08')).to.deep.equal([]);
    });
  });

  describe('isWithinOfficeHours', () => {
    const cases: [string, boolean][] = [
      ['2026-03-09T07:00:00+07:00', true],
      ['2026-03-09T06:59:59+07:00', false],
      ['2026-03-09T11:29:59+07:00', true],
      ['2026-03-09T11:30:00+07:00', false],
      ['2026-03-09T12:30:00+07:00', false],
      ['2026-03-09T16:59:59+07:00', true],
      ['2026-03-09T17:00:00+07:00', false],
      ['2026-03-07T09:00:00+07:00', false],
      ['2026-02-17T09:00:00+07:00', false],
      ['2026-01-10T09:00:00+07:00', true],
    ];
    for (const [instant, expected] of cases) {
      it(`${instant} → ${expected}`, () => {
        expect(calendar.isWithinOfficeHours(at(instant))).to.equal(expected);
      });
    }
  });

  describe('nextOfficeOpening', () => {
    const cases: [string, string, string][] = [
      ['before opening', '2026-03-09T06:00:00+07:00', '2026-03-09T07:00:00+07:00'],
      ['at opening', '2026-03-09T07:00:00+07:00', '2026-03-09T07:00:00+07:00'],
      ['in the morning: the afternoon opening', '2026-03-09T09:00:00+07:00', '2026-03-09T13:30:00+07:00'],
      ['Friday evening: Monday', '2026-03-13T18:00:00+07:00', '2026-03-16T07:00:00+07:00'],
      ['on Tết eve: after Tết', '2026-02-16T09:00:00+07:00', '2026-02-23T07:00:00+07:00'],
      [
        'Friday 9 Jan 2026 evening: the make-up Saturday',
        '2026-01-09T18:00:00+07:00',
        '2026-01-10T07:00:00+07:00',
      ],
    ];
    for (const [title, instant, expected] of cases) {
      it(title, () => {
        expect(vn(calendar.nextOfficeOpening(at(instant)))).to.equal(expected);
      });
    }
  });

  it('a normal working day is 8 hours by default', () => {
    expect(calendar.workingDayMs).to.equal(8 * 3_600_000);
  });

  describe('a unit open on Saturday mornings', () => {
    let oneStopDesk: WorkingCalendar;
    before(() => {
      oneStopDesk = createWorkingCalendar({
        officeHours: { ...DEFAULT_OFFICE_HOURS, 6: ['07:00-11:30'] },
        officialYears: loadCalendarData(CALENDAR_DATA),
      });
    });

    it('works an ordinary Saturday morning only', () => {
      expect(oneStopDesk.isWorkingDay('2026-03-21')).to.equal(true);
      expect(oneStopDesk.isWithinOfficeHours(at('2026-03-21T10:00:00+07:00'))).to.equal(true);
      expect(oneStopDesk.isWithinOfficeHours(at('2026-03-21T14:00:00+07:00'))).to.equal(false);
      expect(oneStopDesk.isWorkingDay('2026-03-22')).to.equal(false);
    });

    it('is closed on Saturdays inside a holiday (Tết, 14 Feb 2026)', () => {
      expect(oneStopDesk.isWorkingDay('2026-02-14')).to.equal(false);
    });

    it('works the full Friday hours on the make-up Saturday 10 Jan 2026', () => {
      expect(oneStopDesk.isWithinOfficeHours(at('2026-01-10T15:00:00+07:00'))).to.equal(true);
    });

    it('still counts a normal working day as its longest day, 8 hours', () => {
      expect(oneStopDesk.workingDayMs).to.equal(8 * 3_600_000);
    });
  });

  describe('OfficeHoursSchema', () => {
    const withMonday = (monday: string[]): unknown => ({ ...DEFAULT_OFFICE_HOURS, 1: monday });

    it('accepts the default hours and an interval ending at 24:00', () => {
      expect(OfficeHoursSchema.safeParse(DEFAULT_OFFICE_HOURS).success).to.equal(true);
      expect(OfficeHoursSchema.safeParse(withMonday(['13:00-24:00'])).success).to.equal(true);
    });

    it('rejects malformed, reversed, overlapping and out-of-order intervals', () => {
      for (const monday of [
        ['7:00-11:30'],
        ['11:30-07:00'],
        ['07:00-12:00', '11:00-17:00'],
        ['13:30-17:00', '07:00-11:30'],
        ['07:60-08:00'],
      ]) {
        expect(OfficeHoursSchema.safeParse(withMonday(monday)).success, monday.join(',')).to.equal(false);
      }
    });

    it('rejects a week without any office hours and unknown keys', () => {
      const closed = { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] };
      expect(OfficeHoursSchema.safeParse(closed).success).to.equal(false);
      expect(OfficeHoursSchema.safeParse({ ...DEFAULT_OFFICE_HOURS, 8: [] }).success).to.equal(false);
    });

    it('createWorkingCalendar refuses invalid office hours', () => {
      expect(() =>
        createWorkingCalendar({
          officeHours: { ...DEFAULT_OFFICE_HOURS, 1: ['17:00-07:00'] },
          officialYears: {},
        }),
      ).to.throw();
    });
  });

  describe('SpanSchema', () => {
    it('accepts one positive amount', () => {
      for (const span of [{ workingDays: 15 }, { workingHours: 0.5 }, { seconds: 90 }]) {
        expect(SpanSchema.safeParse(span).success, JSON.stringify(span)).to.equal(true);
      }
    });

    it('rejects zero, negatives, fractional days, two amounts and unknown keys', () => {
      const bad = [
        { workingDays: 0 },
        { workingHours: -2 },
        { workingDays: 1.5 },
        { workingDays: 1, seconds: 5 },
        { days: 3 },
        {},
      ];
      for (const span of bad) {
        expect(SpanSchema.safeParse(span).success, JSON.stringify(span)).to.equal(false);
      }
    });
  });
});
