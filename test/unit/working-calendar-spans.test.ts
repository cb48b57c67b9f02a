import { expect } from 'chai';
import { DateTime } from 'luxon';
import { fileURLToPath } from 'node:url';
import { loadCalendarData } from '../../config/calendar-data.js';
import { DEFAULT_OFFICE_HOURS } from '../../shared/calendar/office-hours.js';
import {
  createWorkingCalendar,
  type WorkingCalendar,
} from '../../shared/calendar/working-calendar.js';

const CALENDAR_DATA = fileURLToPath(new URL('../../config/calendar', import.meta.url));

/** An instant written with its Vietnamese offset, e.g. `2026-02-13T10:00+07:00`. */
const at = (iso: string): Date => new Date(iso);
/** An instant shown on the Vietnamese clock, so that failures read like the tests. */
const vn = (instant: Date): string =>
  DateTime.fromJSDate(instant, { zone: 'Asia/Ho_Chi_Minh' }).toISO({ suppressMilliseconds: true }) ??
  'Invalid';

describe('WorkingCalendar.addSpan', () => {
  let calendar: WorkingCalendar;
  before(() => {
    calendar = createWorkingCalendar({ officialYears: loadCalendarData(CALENDAR_DATA) });
  });

  describe('working days: count from the next working day, end at the close of the N-th', () => {
    it('Fri 6 Mar 2026 10:00 + 1 working day skips the weekend: Mon 9 Mar 17:00', () => {
      expect(vn(calendar.addSpan(at('2026-03-06T10:00:00+07:00'), { workingDays: 1 }))).to.equal(
        '2026-03-09T17:00:00+07:00',
      );
    });

    it('received on Saturday 7 Mar 2026: day 1 is Mon 9 Mar', () => {
      expect(vn(calendar.addSpan(at('2026-03-07T10:00:00+07:00'), { workingDays: 1 }))).to.equal(
        '2026-03-09T17:00:00+07:00',
      );
    });

    it('Mon 9 Mar 2026 10:00 + 5 working days: Mon 16 Mar 17:00', () => {
      expect(vn(calendar.addSpan(at('2026-03-09T10:00:00+07:00'), { workingDays: 5 }))).to.equal(
        '2026-03-16T17:00:00+07:00',
      );
    });

    it('the receipt day never counts, even before opening (Mon 06:00 + 1 → Tue 17:00)', () => {
      expect(vn(calendar.addSpan(at('2026-03-09T06:00:00+07:00'), { workingDays: 1 }))).to.equal(
        '2026-03-10T17:00:00+07:00',
      );
    });

    it('received after office hours, Mon 9 Mar 18:00 + 2 → Wed 11 Mar 17:00', () => {
      expect(vn(calendar.addSpan(at('2026-03-09T18:00:00+07:00'), { workingDays: 2 }))).to.equal(
        '2026-03-11T17:00:00+07:00',
      );
    });

    it('Tết 2026: Fri 13 Feb 10:00 + 5 → 14–22 Feb off, so Mon 23 (1) … Fri 27 Feb (5) at 17:00', () => {
      expect(vn(calendar.addSpan(at('2026-02-13T10:00:00+07:00'), { workingDays: 5 }))).to.equal(
        '2026-02-27T17:00:00+07:00',
      );
    });

    it('received on a day off, Mon 31 Aug 2026 09:00 + 1 → 1 and 2 Sep off, Thu 3 Sep 17:00', () => {
      expect(vn(calendar.addSpan(at('2026-08-31T09:00:00+07:00'), { workingDays: 1 }))).to.equal(
        '2026-09-03T17:00:00+07:00',
      );
    });

    it('received on the Hùng Kings day in lieu, Mon 27 Apr 2026 + 3 → Tue 28, Wed 29, (30/4, 1/5 off) Mon 4 May', () => {
      expect(vn(calendar.addSpan(at('2026-04-27T09:00:00+07:00'), { workingDays: 3 }))).to.equal(
        '2026-05-04T17:00:00+07:00',
      );
    });

    it('make-up Saturday 10 Jan 2026 counts: Fri 9 Jan 10:00 + 1 → Sat 10 Jan 17:00', () => {
      expect(vn(calendar.addSpan(at('2026-01-09T10:00:00+07:00'), { workingDays: 1 }))).to.equal(
        '2026-01-10T17:00:00+07:00',
      );
    });

    it('make-up Saturday 22 Aug 2026 counts: Fri 21 Aug 10:00 + 1 → Sat 22 Aug 17:00', () => {
      expect(vn(calendar.addSpan(at('2026-08-21T10:00:00+07:00'), { workingDays: 1 }))).to.equal(
        '2026-08-22T17:00:00+07:00',
      );
    });

    it('New Year 2026: Wed 31 Dec 2025 10:00 + 2 → 1–4 Jan off, Mon 5 (1), Tue 6 Jan (2) 17:00', () => {
      expect(vn(calendar.addSpan(at('2025-12-31T10:00:00+07:00'), { workingDays: 2 }))).to.equal(
        '2026-01-06T17:00:00+07:00',
      );
    });

    it('National Day 2026: Fri 28 Aug 10:00 + 1 → 29 Aug–2 Sep off, Thu 3 Sep 17:00', () => {
      expect(vn(calendar.addSpan(at('2026-08-28T10:00:00+07:00'), { workingDays: 1 }))).to.equal(
        '2026-09-03T17:00:00+07:00',
      );
    });
  });

  describe('working hours: office time only', () => {
    const cases: [string, string, number, string][] = [
      // 10:00–11:30 is 1.5 h, the other 2.5 h run from 13:30; the "15:30" left out half an hour.
      [
        'across lunch: Mon 10:00 + 4 h → Mon 16:00',
        '2026-03-09T10:00:00+07:00',
        4,
        '2026-03-09T16:00:00+07:00',
      ],
      [
        'ending exactly at lunch stays at 11:30',
        '2026-03-09T10:00:00+07:00',
        1.5,
        '2026-03-09T11:30:00+07:00',
      ],
      ['received at lunch counts from 13:30', '2026-03-09T12:00:00+07:00', 1, '2026-03-09T14:30:00+07:00'],
      ['half an hour across lunch', '2026-03-09T11:15:00+07:00', 0.5, '2026-03-09T13:45:00+07:00'],
      [
        'ending exactly at closing stays at 17:00',
        '2026-03-09T13:30:00+07:00',
        3.5,
        '2026-03-09T17:00:00+07:00',
      ],
      [
        'across days: Mon 16:00 + 4 h → Tue 10:00',
        '2026-03-09T16:00:00+07:00',
        4,
        '2026-03-10T10:00:00+07:00',
      ],
      [
        'across a weekend: Fri 15:00 + 4 h → Mon 09:00',
        '2026-03-13T15:00:00+07:00',
        4,
        '2026-03-16T09:00:00+07:00',
      ],
      [
        'received Mon 18:00 counts from Tue 07:00',
        '2026-03-09T18:00:00+07:00',
        4,
        '2026-03-10T11:00:00+07:00',
      ],
      [
        'received on a holiday (Mon 27 Apr 2026)',
        '2026-04-27T09:00:00+07:00',
        2,
        '2026-04-28T09:00:00+07:00',
      ],
      [
        'across Tết: Fri 13 Feb 16:00 + 8 h → Mon 23 Feb 16:00',
        '2026-02-13T16:00:00+07:00',
        8,
        '2026-02-23T16:00:00+07:00',
      ],
    ];
    for (const [title, start, hours, expected] of cases) {
      it(title, () => {
        expect(vn(calendar.addSpan(at(start), { workingHours: hours }))).to.equal(expected);
      });
    }
  });

  describe('seconds: plain time', () => {
    it('ignores office hours and days off', () => {
      expect(vn(calendar.addSpan(at('2026-02-13T16:00:00+07:00'), { seconds: 86_400 }))).to.equal(
        '2026-02-14T16:00:00+07:00',
      );
    });
  });

  it('rejects spans that are not positive', () => {
    expect(() => calendar.addSpan(at('2026-03-09T10:00:00+07:00'), { workingDays: 0 })).to.throw();
    expect(() => calendar.addSpan(at('2026-03-09T10:00:00+07:00'), { workingHours: -1 })).to.throw();
  });

  describe('a unit open on Saturday mornings', () => {
    let oneStopDesk: WorkingCalendar;
    before(() => {
      oneStopDesk = createWorkingCalendar({
        officeHours: { ...DEFAULT_OFFICE_HOURS, 6: ['07:00-11:30'] },
        officialYears: loadCalendarData(CALENDAR_DATA),
      });
    });

    it('Fri 20 Mar 2026 16:00 + 4 working hours → 1 h Friday, 3 h Saturday: Sat 21 Mar 10:00', () => {
      expect(vn(oneStopDesk.addSpan(at('2026-03-20T16:00:00+07:00'), { workingHours: 4 }))).to.equal(
        '2026-03-21T10:00:00+07:00',
      );
    });

    it('Fri 20 Mar 2026 + 1 working day → Saturday at its 11:30 closing', () => {
      expect(vn(oneStopDesk.addSpan(at('2026-03-20T10:00:00+07:00'), { workingDays: 1 }))).to.equal(
        '2026-03-21T11:30:00+07:00',
      );
    });

    it('Saturday 14 Feb 2026 is still a Tết day off: Fri 13 Feb + 1 → Mon 23 Feb', () => {
      expect(vn(oneStopDesk.addSpan(at('2026-02-13T10:00:00+07:00'), { workingDays: 1 }))).to.equal(
        '2026-02-23T17:00:00+07:00',
      );
    });

    it('the default calendar does not open on Saturday 21 Mar 2026', () => {
      expect(vn(calendar.addSpan(at('2026-03-20T16:00:00+07:00'), { workingHours: 4 }))).to.equal(
        '2026-03-23T10:00:00+07:00',
      );
    });
  });
});
