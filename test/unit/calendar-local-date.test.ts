import { expect } from 'chai';
import {
  addDays,
  isLocalDate,
  isoWeekdayOf,
  localDateFromParts,
} from '../../shared/time/local-date.js';
import {
  instantAtMinute,
  localDateOf,
  startOfLocalDate,
} from '../../shared/time/vietnam-time-zone.js';

describe('Calendar dates on the Vietnamese clock', () => {
  it('accepts only dates that exist', () => {
    expect(isLocalDate('2028-02-29')).to.equal(true);
    expect(isLocalDate('2027-02-29')).to.equal(false);
    expect(isLocalDate('2026-13-01')).to.equal(false);
    expect(isLocalDate('2026-1-01')).to.equal(false);
    expect(() => localDateFromParts(2026, 2, 30)).to.throw(RangeError);
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).to.equal('2027-01-01');
    expect(addDays('2028-03-01', -1)).to.equal('2028-02-29');
    expect(addDays('2026-02-13', 10)).to.equal('2026-02-23');
  });

  it('numbers weekdays the ISO way', () => {
    expect(isoWeekdayOf('2026-02-23')).to.equal(1);
    expect(isoWeekdayOf('2026-02-27')).to.equal(5);
    expect(isoWeekdayOf('2026-02-22')).to.equal(7);
  });

  it('takes the date of an instant in UTC+7, not UTC', () => {
    expect(localDateOf(new Date('2026-03-08T17:00:00Z'))).to.equal('2026-03-09');
    expect(localDateOf(new Date('2026-03-08T16:59:59Z'))).to.equal('2026-03-08');
  });

  it('builds instants on the Vietnamese clock', () => {
    expect(startOfLocalDate('2026-03-09').toISOString()).to.equal('2026-03-08T17:00:00.000Z');
    expect(instantAtMinute('2026-03-09', 17 * 60).toISOString()).to.equal('2026-03-09T10:00:00.000Z');
  });
});
