import { expect } from 'chai';
import { createWorkingCalendar } from '../../shared/calendar/working-calendar.js';

describe('working calendar: supported years (issue 14, finding 7)', () => {
  it('refuses a year outside 2000–2100 instead of deriving a schedule for it', () => {
    const derived: number[] = [];
    const calendar = createWorkingCalendar({
      officialYears: {},
      onDerivedYear: (year) => derived.push(year),
    });
    expect(() => calendar.isWorkingDay('9999-12-31')).to.throw(RangeError, /9999/);
    expect(() => calendar.isWorkingDay('1999-12-31')).to.throw(RangeError);
    expect(calendar.isWorkingDay('2100-12-31')).to.be.a('boolean');
    expect(derived).to.deep.equal([2100]);
  });

  it('keeps a bounded number of derived years, deriving an evicted one again when asked', () => {
    const derived: number[] = [];
    const calendar = createWorkingCalendar({
      officialYears: {},
      onDerivedYear: (year) => derived.push(year),
    });
    for (let year = 2030; year < 2060; year++) calendar.scheduleFor(year);
    calendar.scheduleFor(2030);
    expect(derived.filter((year) => year === 2030)).to.have.length(2);
    calendar.scheduleFor(2059);
    expect(derived.filter((year) => year === 2059)).to.have.length(1);
  });
});
