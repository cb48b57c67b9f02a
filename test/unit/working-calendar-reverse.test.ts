import { expect } from 'chai';
import { DateTime } from 'luxon';
import { fileURLToPath } from 'node:url';
import { loadCalendarData } from '../../config/calendar-data.js';
import {
  createWorkingCalendar,
  type WorkingCalendar,
} from '../../shared/calendar/working-calendar.js';

const CALENDAR_DATA = fileURLToPath(new URL('../../config/calendar', import.meta.url));
const HOUR_MS = 3_600_000;

const at = (iso: string): Date => new Date(iso);
const vn = (instant: Date): string =>
  DateTime.fromJSDate(instant, { zone: 'Asia/Ho_Chi_Minh' }).toISO({ suppressMilliseconds: true }) ??
  'Invalid';

describe('WorkingCalendar: reminders and elapsed working time', () => {
  let calendar: WorkingCalendar;
  before(() => {
    calendar = createWorkingCalendar({ officialYears: loadCalendarData(CALENDAR_DATA) });
  });

  describe('subtractSpan with working days: same clock time N working days earlier, clamped', () => {
    const cases: [string, string, number, string][] = [
      [
        'Fri 27 Feb 2026 17:00 − 1 → Thu 26 Feb 17:00',
        '2026-02-27T17:00:00+07:00',
        1,
        '2026-02-26T17:00:00+07:00',
      ],
      [
        'Tue 24 Feb 2026 17:00 − 2 → Mon 23, then back over Tết to Fri 13 Feb',
        '2026-02-24T17:00:00+07:00',
        2,
        '2026-02-13T17:00:00+07:00',
      ],
      [
        'Mon 9 Mar 17:00 − 1 skips the weekend → Fri 6 Mar 17:00',
        '2026-03-09T17:00:00+07:00',
        1,
        '2026-03-06T17:00:00+07:00',
      ],
      [
        'clock time inside hours is kept: Tue 09:45 − 1 → Mon 09:45',
        '2026-03-10T09:45:00+07:00',
        1,
        '2026-03-09T09:45:00+07:00',
      ],
      [
        'after closing clamps to closing: Mon 18:30 − 1 → Fri 17:00',
        '2026-03-09T18:30:00+07:00',
        1,
        '2026-03-06T17:00:00+07:00',
      ],
      [
        'before opening clamps to opening: Tue 06:00 − 1 → Mon 07:00',
        '2026-03-10T06:00:00+07:00',
        1,
        '2026-03-09T07:00:00+07:00',
      ],
      [
        'at lunch clamps back to its start: Tue 12:15 − 1 → Mon 11:30',
        '2026-03-10T12:15:00+07:00',
        1,
        '2026-03-09T11:30:00+07:00',
      ],
      [
        'lands on the make-up Saturday: Mon 12 Jan 10:00 − 1 → Sat 10 Jan 10:00',
        '2026-01-12T10:00:00+07:00',
        1,
        '2026-01-10T10:00:00+07:00',
      ],
    ];
    for (const [title, deadline, days, expected] of cases) {
      it(title, () => {
        expect(vn(calendar.subtractSpan(at(deadline), { workingDays: days }))).to.equal(expected);
      });
    }
  });

  describe('subtractSpan with working hours: office time only', () => {
    const cases: [string, string, number, string][] = [
      [
        'across lunch: Mon 16:00 − 4 h → Mon 10:00',
        '2026-03-09T16:00:00+07:00',
        4,
        '2026-03-09T10:00:00+07:00',
      ],
      [
        'across a night: Tue 09:00 − 4 h → Mon 15:00',
        '2026-03-10T09:00:00+07:00',
        4,
        '2026-03-09T15:00:00+07:00',
      ],
      [
        'ending exactly at an opening stays there: Mon 17:00 − 3.5 h → 13:30',
        '2026-03-09T17:00:00+07:00',
        3.5,
        '2026-03-09T13:30:00+07:00',
      ],
      [
        'from outside hours counts back from closing: Mon 20:00 − 1 h → 16:00',
        '2026-03-09T20:00:00+07:00',
        1,
        '2026-03-09T16:00:00+07:00',
      ],
      [
        'back over Tết: Mon 23 Feb 09:00 − 4 h → Fri 13 Feb 15:00',
        '2026-02-23T09:00:00+07:00',
        4,
        '2026-02-13T15:00:00+07:00',
      ],
    ];
    for (const [title, deadline, hours, expected] of cases) {
      it(title, () => {
        expect(vn(calendar.subtractSpan(at(deadline), { workingHours: hours }))).to.equal(expected);
      });
    }

    it('undoes addSpan for starts inside office hours', () => {
      for (const start of [
        '2026-03-09T10:00:00+07:00',
        '2026-02-13T16:15:00+07:00',
        '2026-08-21T14:00:00+07:00',
      ]) {
        for (const hours of [0.25, 2, 7.5, 30]) {
          const deadline = calendar.addSpan(at(start), { workingHours: hours });
          expect(
            vn(calendar.subtractSpan(deadline, { workingHours: hours })),
            `${start} ± ${hours} h`,
          ).to.equal(vn(at(start)));
        }
      }
    });
  });

  it('subtractSpan with seconds is plain time', () => {
    expect(vn(calendar.subtractSpan(at('2026-02-23T09:00:00+07:00'), { seconds: 3_600 }))).to.equal(
      '2026-02-23T08:00:00+07:00',
    );
  });

  describe('workingTimeBetween', () => {
    const cases: [string, string, string, number][] = [
      ['Mon 10:00 → Mon 16:00 skips lunch: 4 h', '2026-03-09T10:00:00+07:00', '2026-03-09T16:00:00+07:00', 4],
      [
        'Fri 16:00 → Mon 08:00 over a weekend: 2 h',
        '2026-03-13T16:00:00+07:00',
        '2026-03-16T08:00:00+07:00',
        2,
      ],
      [
        'Fri 13 Feb 10:00 → Fri 27 Feb 17:00 over Tết: 5 h + 5 × 8 h',
        '2026-02-13T10:00:00+07:00',
        '2026-02-27T17:00:00+07:00',
        45,
      ],
      ['overnight outside hours: 0', '2026-03-09T18:00:00+07:00', '2026-03-10T06:00:00+07:00', 0],
      [
        'the make-up Saturday 10 Jan 2026 has a full day',
        '2026-01-10T00:00:00+07:00',
        '2026-01-11T00:00:00+07:00',
        8,
      ],
      [
        'all of 2026: 261 weekdays − 13 days off + 2 make-up days = 250 days',
        '2026-01-01T00:00:00+07:00',
        '2027-01-01T00:00:00+07:00',
        2000,
      ],
    ];
    for (const [title, from, to, hours] of cases) {
      it(title, () => {
        expect(calendar.workingTimeBetween(at(from), at(to))).to.equal(hours * HOUR_MS);
      });
    }

    it('is negative when the second instant is earlier (how late a reply is)', () => {
      expect(
        calendar.workingTimeBetween(at('2026-02-27T17:00:00+07:00'), at('2026-02-13T10:00:00+07:00')),
      ).to.equal(-45 * HOUR_MS);
    });
  });

  describe('midpoint', () => {
    it('Mon 10:00 → Mon 16:00 (4 working hours): 14:00', () => {
      expect(
        vn(calendar.midpoint(at('2026-03-09T10:00:00+07:00'), at('2026-03-09T16:00:00+07:00'))),
      ).to.equal('2026-03-09T14:00:00+07:00');
    });

    it('over Tết: 45 h → 22.5 h: Fri 13 Feb 5 h, Mon 23 8 h, Tue 24 8 h, Wed 25 1.5 h → 08:30', () => {
      expect(
        vn(calendar.midpoint(at('2026-02-13T10:00:00+07:00'), at('2026-02-27T17:00:00+07:00'))),
      ).to.equal('2026-02-25T08:30:00+07:00');
    });

    it('falls back to plain halfway when there is no office time in between', () => {
      expect(
        vn(calendar.midpoint(at('2026-03-09T18:00:00+07:00'), at('2026-03-09T20:00:00+07:00'))),
      ).to.equal('2026-03-09T19:00:00+07:00');
    });

    it('refuses a deadline before the start', () => {
      expect(() =>
        calendar.midpoint(at('2026-03-09T18:00:00+07:00'), at('2026-03-09T10:00:00+07:00')),
      ).to.throw(RangeError);
    });
  });
});
