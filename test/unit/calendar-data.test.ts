import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { loadCalendarData } from '../../config/calendar-data.js';
import { CalendarDataError, parseCalendarData } from '../../shared/calendar/parse-calendar-data.js';
import { createWorkingCalendar } from '../../shared/calendar/working-calendar.js';
import { YearScheduleSchema, type YearSchedule } from '../../shared/calendar/year-schedule.js';

const CALENDAR_DATA = fileURLToPath(new URL('../../config/calendar', import.meta.url));

const validYear = (): YearSchedule => ({
  year: 2026,
  source: 'test',
  daysOff: [
    { date: '2026-01-01', name: 'Tết Dương lịch' },
    { date: '2026-01-02', name: 'Tết Dương lịch (hoán đổi)' },
  ],
  makeUpWorkingDays: [{ date: '2026-01-10', replaces: '2026-01-02', name: 'Làm bù' }],
});

function parseProblem(fileName: string, data: unknown): CalendarDataError {
  try {
    parseCalendarData([{ fileName, text: typeof data === 'string' ? data : JSON.stringify(data) }]);
  } catch (error) {
    if (error instanceof CalendarDataError) return error;
    throw error;
  }
  throw new Error('expected a CalendarDataError');
}

describe('Calendar data files', () => {
  describe('config/calendar/2026.json', () => {
    const official = (): YearSchedule => {
      const schedule = loadCalendarData(CALENDAR_DATA).get(2026);
      if (!schedule) throw new Error('2026.json is missing');
      return schedule;
    };

    it('loads and validates', () => {
      expect([...loadCalendarData(CALENDAR_DATA).keys()]).to.include(2026);
    });

    it('has the two announced make-up Saturdays', () => {
      expect(official().makeUpWorkingDays.map(({ date, replaces }) => ({ date, replaces }))).to.deep.equal([
        { date: '2026-01-10', replaces: '2026-01-02' },
        { date: '2026-08-22', replaces: '2026-08-31' },
      ]);
    });

    it('lists the announced breaks', () => {
      const days = official().daysOff.map((day) => day.date);
      expect(days).to.include.members(['2026-01-01', '2026-01-02', '2026-04-27', '2026-04-30', '2026-05-01']);
      expect(days).to.include.members(['2026-08-31', '2026-09-01', '2026-09-02']);
      for (let day = 14; day <= 22; day++) expect(days).to.include(`2026-02-${day}`);
    });

    it('keeps every name in NFC', () => {
      for (const { name } of [...official().daysOff, ...official().makeUpWorkingDays]) {
        expect(name).to.equal(name.normalize('NFC'));
      }
    });
  });

  describe('parseCalendarData', () => {
    it('accepts a valid year', () => {
      expect(
        parseCalendarData([{ fileName: '2026.json', text: JSON.stringify(validYear()) }]).get(2026),
      ).to.deep.equal(validYear());
    });

    it('names the file when the JSON is broken', () => {
      const problem = parseProblem('config/calendar/2026.json', '{ "year": 2026,');
      expect(problem.fileName).to.equal('config/calendar/2026.json');
      expect(problem.message).to.match(/^config\/calendar\/2026\.json: not valid JSON/);
    });

    it('names the file and the field when a date does not exist', () => {
      const data = validYear();
      data.daysOff[0] = { date: '2026-02-30', name: 'x' };
      expect(parseProblem('2026.json', data).message).to.match(
        /^2026\.json: daysOff\.0\.date: expected a real date/,
      );
    });

    it('rejects a file whose name is not its year', () => {
      expect(parseProblem('2027.json', validYear()).message).to.equal('2027.json: holds year 2026, not 2027');
      expect(parseProblem('holidays.json', validYear()).message).to.match(/must be named <year>\.json/);
    });

    it('rejects dates outside the year, dates listed twice and unknown keys', () => {
      const outside = validYear();
      outside.daysOff.push({ date: '2027-01-01', name: 'x' });
      expect(parseProblem('2026.json', outside).message).to.contain('2027-01-01 is not in 2026');

      const twice = validYear();
      twice.daysOff.push({ date: '2026-01-10', name: 'x' });
      expect(parseProblem('2026.json', twice).message).to.contain('2026-01-10 is listed twice');

      expect(parseProblem('2026.json', { ...validYear(), holidays: [] }).message).to.contain('holidays');
    });

    it('requires a replaced day of the same year to be a listed weekday off', () => {
      const notListed = validYear();
      notListed.daysOff.pop();
      expect(parseProblem('2026.json', notListed).message).to.contain(
        '2026-01-02 must also be listed in daysOff',
      );

      const weekend = validYear();
      weekend.makeUpWorkingDays[0] = { date: '2026-01-10', replaces: '2026-01-03', name: 'x' };
      expect(parseProblem('2026.json', weekend).message).to.contain(
        '2026-01-03 is not a Monday–Friday working day',
      );
    });

    it('allows a make-up day replacing a day of the year before (a New Year swap across 31 December)', () => {
      const swap = {
        ...validYear(),
        makeUpWorkingDays: [{ date: '2026-01-10', replaces: '2025-12-31', name: 'x' }],
      };
      expect(YearScheduleSchema.safeParse(swap).success).to.equal(true);
    });
  });

  it('createWorkingCalendar refuses a schedule filed under the wrong year', () => {
    expect(() => createWorkingCalendar({ officialYears: { 2027: validYear() } })).to.throw(
      /filed under 2027/,
    );
  });
});
