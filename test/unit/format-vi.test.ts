import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { loadCalendarData } from '../../config/calendar-data.js';
import {
  createWorkingCalendar,
  type WorkingCalendar,
} from '../../shared/calendar/working-calendar.js';
import {
  describeTimeLeftVi,
  formatDateTimeVi,
  formatDeadlineVi,
  formatLocalDateVi,
} from '../../shared/time/format-vi.js';

const CALENDAR_DATA = fileURLToPath(new URL('../../config/calendar', import.meta.url));

const at = (iso: string): Date => new Date(iso);

describe('Vietnamese formatting', () => {
  describe('formatDeadlineVi', () => {
    it('shows the Vietnamese clock: 10:00 UTC on 27 Feb 2026 is "17:00 thứ Sáu, 27/02/2026"', () => {
      expect(formatDeadlineVi(new Date('2026-02-27T10:00:00Z'))).to.equal('17:00 thứ Sáu, 27/02/2026');
    });

    it('moves to the next day when UTC is still on the previous one', () => {
      expect(formatDeadlineVi(new Date('2026-03-08T17:30:00Z'))).to.equal('00:30 thứ Hai, 09/03/2026');
    });

    it('names every weekday', () => {
      const names = [16, 17, 18, 19, 20, 21, 22].map((day) =>
        formatDeadlineVi(at(`2026-02-${day}T08:05:00+07:00`)).replace(/^08:05 |, \d\d\/02\/2026$/g, ''),
      );
      expect(names).to.deep.equal([
        'thứ Hai',
        'thứ Ba',
        'thứ Tư',
        'thứ Năm',
        'thứ Sáu',
        'thứ Bảy',
        'Chủ nhật',
      ]);
    });

    it('returns NFC text (ứ as one code point)', () => {
      const text = formatDeadlineVi(new Date('2026-02-27T10:00:00Z'));
      expect(text).to.equal(text.normalize('NFC'));
      expect(text).to.contain('\u1ee9');
      expect(text).not.to.contain('\u0301');
    });
  });

  it('formatDateTimeVi: "17:00, 27/02/2026"', () => {
    expect(formatDateTimeVi(new Date('2026-02-27T10:00:00Z'))).to.equal('17:00, 27/02/2026');
  });

  it('formatLocalDateVi: "Chủ nhật, 22/02/2026"', () => {
    expect(formatLocalDateVi('2026-02-22')).to.equal('Chủ nhật, 22/02/2026');
  });

  describe('describeTimeLeftVi (office time, rounded down)', () => {
    let calendar: WorkingCalendar;
    before(() => {
      calendar = createWorkingCalendar({ officialYears: loadCalendarData(CALENDAR_DATA) });
    });

    const cases: [string, string, string, string][] = [
      [
        '45 working hours over Tết',
        '2026-02-13T10:00:00+07:00',
        '2026-02-27T17:00:00+07:00',
        'còn 5 ngày làm việc',
      ],
      ['21 working hours', '2026-03-09T10:00:00+07:00', '2026-03-11T17:00:00+07:00', 'còn 2 ngày làm việc'],
      [
        '3 working hours overnight',
        '2026-03-09T16:00:00+07:00',
        '2026-03-10T09:00:00+07:00',
        'còn 3 giờ làm việc',
      ],
      ['3 hours inside office hours', '2026-03-09T14:00:00+07:00', '2026-03-09T17:00:00+07:00', 'còn 3 giờ'],
      ['3 h 29 min rounds down', '2026-03-09T13:30:00+07:00', '2026-03-09T16:59:00+07:00', 'còn 3 giờ'],
      [
        '25 minutes inside office hours',
        '2026-03-09T16:00:00+07:00',
        '2026-03-09T16:25:00+07:00',
        'còn 25 phút',
      ],
      [
        '25 working minutes overnight',
        '2026-03-09T16:50:00+07:00',
        '2026-03-10T07:15:00+07:00',
        'còn 25 phút làm việc',
      ],
      [
        'no office time left before a 07:00 deadline',
        '2026-03-09T20:00:00+07:00',
        '2026-03-10T07:00:00+07:00',
        'sắp đến hạn',
      ],
      ['exactly at the deadline', '2026-03-09T17:00:00+07:00', '2026-03-09T17:00:00+07:00', 'đến hạn'],
      [
        '3 hours late inside office hours',
        '2026-03-09T11:00:00+07:00',
        '2026-03-09T08:00:00+07:00',
        'quá hạn 3 giờ',
      ],
      [
        '1 working hour late across lunch',
        '2026-03-09T14:00:00+07:00',
        '2026-03-09T11:00:00+07:00',
        'quá hạn 1 giờ làm việc',
      ],
      [
        '18 working hours late',
        '2026-03-12T09:00:00+07:00',
        '2026-03-09T17:00:00+07:00',
        'quá hạn 2 ngày làm việc',
      ],
      [
        'late, but the office closed since',
        '2026-03-09T20:00:00+07:00',
        '2026-03-09T17:00:00+07:00',
        'đã quá hạn',
      ],
    ];
    for (const [title, now, deadline, expected] of cases) {
      it(`${title}: "${expected}"`, () => {
        const text = describeTimeLeftVi(at(now), at(deadline), calendar);
        expect(text).to.equal(expected);
        expect(text).to.equal(text.normalize('NFC'));
      });
    }
  });
});
