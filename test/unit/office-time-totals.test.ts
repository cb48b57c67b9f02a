import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { loadCalendarData } from '../../config/calendar-data.js';
import { workingTimeBetween } from '../../shared/calendar/office-time-arithmetic.js';
import { createWorkingCalendar, type WorkingCalendar } from '../../shared/calendar/working-calendar.js';

const CALENDAR_DATA = fileURLToPath(new URL('../../config/calendar', import.meta.url));
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const at = (iso: string): Date => new Date(iso);

/** A small deterministic generator (mulberry32), so a failure names the same spans every run. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The day-by-day walk (office-time-arithmetic.ts) the running totals must agree with. */
const walked = (calendar: WorkingCalendar, from: Date, to: Date): number =>
  workingTimeBetween(calendar.officeIntervalsOn, from, to);

describe('workingTimeBetween from running totals per year (issue 21: a year of tickets)', () => {
  const officialYears = loadCalendarData(CALENDAR_DATA);

  it('spans of a whole year and across years count every holiday and make-up day', () => {
    const calendar = createWorkingCalendar({ officialYears });
    // 2026: 250 working days (see working-calendar-reverse.test.ts); 2027 is derived from the Labour Code.
    const year2026 = calendar.workingTimeBetween(
      at('2026-01-01T00:00:00+07:00'),
      at('2027-01-01T00:00:00+07:00'),
    );
    expect(year2026).to.equal(2000 * HOUR_MS);
    const twoYears = calendar.workingTimeBetween(
      at('2026-01-01T00:00:00+07:00'),
      at('2028-01-01T00:00:00+07:00'),
    );
    expect(twoYears).to.equal(
      walked(calendar, at('2026-01-01T00:00:00+07:00'), at('2028-01-01T00:00:00+07:00')),
    );
    expect(twoYears - year2026).to.be.within(240 * 8 * HOUR_MS, 255 * 8 * HOUR_MS);
    // Over Tết 2026 and into the next year, from mid-morning to mid-afternoon.
    const from = at('2026-02-13T10:00:00+07:00');
    const to = at('2027-03-03T15:15:00+07:00');
    expect(calendar.workingTimeBetween(from, to)).to.equal(walked(calendar, from, to));
    expect(calendar.workingTimeBetween(to, from)).to.equal(-walked(calendar, from, to));
  });

  it('agrees with the day-by-day walk on thousands of spans, with default and unit office hours', () => {
    const calendars = [
      createWorkingCalendar({ officialYears }),
      // A unit open on Saturday mornings and late into the night (an interval ending at 24:00).
      createWorkingCalendar({
        officialYears,
        officeHours: {
          1: ['07:00-11:30', '13:30-17:00'],
          2: ['07:00-11:30', '13:30-17:00'],
          3: ['07:00-11:30', '13:30-17:00'],
          4: ['07:00-11:30', '13:30-17:00'],
          5: ['07:00-11:30', '13:30-17:00', '20:00-24:00'],
          6: ['07:30-11:30'],
          7: [],
        },
      }),
    ];
    const random = randomFrom(21);
    const start = at('2025-06-01T00:00:00+07:00').getTime();
    for (const calendar of calendars) {
      for (let i = 0; i < 2000; i++) {
        // Mostly short spans (answers within days), some months long (long-overdue tickets), some to the minute.
        const fromMs = start + Math.floor(random() * 900 * DAY_MS);
        const length = i % 10 === 0 ? random() * 400 * DAY_MS : random() * 20 * DAY_MS;
        const toMs = fromMs + (i % 3 === 0 ? Math.round(length / 60_000) * 60_000 : Math.floor(length));
        const [from, to] = [new Date(fromMs), new Date(toMs)];
        expect(calendar.workingTimeBetween(from, to), `${from.toISOString()} → ${to.toISOString()}`).to.equal(
          walked(calendar, from, to),
        );
      }
    }
  });

  it('spans starting or ending exactly at openings, closings and midnights', () => {
    const calendar = createWorkingCalendar({ officialYears });
    const edges = [
      '2026-03-09T00:00:00+07:00',
      '2026-03-09T07:00:00+07:00',
      '2026-03-09T11:30:00+07:00',
      '2026-03-09T13:30:00+07:00',
      '2026-03-09T17:00:00+07:00',
      '2026-03-10T00:00:00+07:00',
      '2026-12-31T17:00:00+07:00',
      '2027-01-01T00:00:00+07:00',
      '2027-01-04T07:00:00+07:00',
    ].map(at);
    for (const from of edges)
      for (const to of edges)
        expect(calendar.workingTimeBetween(from, to)).to.equal(walked(calendar, from, to));
  });

  it('still refuses an invalid instant or a year outside 2000–2100', () => {
    const calendar = createWorkingCalendar({ officialYears });
    expect(() => calendar.workingTimeBetween(new Date(Number.NaN), at('2026-03-09T07:00:00+07:00'))).to.throw(
      RangeError,
    );
    expect(() =>
      calendar.workingTimeBetween(at('2026-03-09T07:00:00+07:00'), at('2101-06-01T00:00:00Z')),
    ).to.throw(RangeError);
  });
});
