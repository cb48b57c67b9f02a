import { expect } from 'chai';
import type { EditableOrganisation } from '../../shared/organisation/edit-organisation.js';
import { importYearSchedule } from '../../shared/organisation/calendar-import.js';
import { AppError } from '../../shared/errors/app-error.js';

const draft = (): EditableOrganisation =>
  ({
    table: {},
    policy: {},
    calendar: [{ year: 2027, source: 'cũ', daysOff: [], makeUpWorkingDays: [] }],
  }) as unknown as EditableOrganisation;

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
  throw new Error('not refused');
}

describe('calendar import (CSV and JSON)', () => {
  it('reads a header, comments, quotes, semicolons, tabs and a byte-order mark', () => {
    const edited = draft();
    const csv =
      '\uFEFFngày;loại;tên\n# chú thích\n2028-01-01;nghỉ;"Tết ""Dương"" lịch; năm mới"\n\n2028-09-02\tnghỉ\tQuốc khánh\n';
    importYearSchedule(edited, 2028, { calendar: csv, source: 'Nguồn' });
    const schedule = edited.calendar.find((s) => s.year === 2028)!;
    expect(schedule.daysOff).to.deep.equal([
      { date: '2028-01-01', name: 'Tết "Dương" lịch; năm mới' },
      { date: '2028-09-02', name: 'Quốc khánh' },
    ]);
    expect(edited.calendar.map((s) => s.year)).to.deep.equal([2027, 2028]);
  });

  it('takes a New Year swap that replaces a weekday of the year before', () => {
    const edited = draft();
    importYearSchedule(edited, 2028, {
      calendar: '2028-01-01,nghỉ,Tết Dương lịch\n2028-01-08,làm bù,Làm bù cho thứ Sáu 31/12/2027,2027-12-31',
      source: 'Nguồn',
    });
    expect(edited.calendar.find((s) => s.year === 2028)!.daysOff).to.have.length(1);
  });

  it('names the JSON list position of a duplicate, and uses the file’s source when the form has none', () => {
    const json = (daysOff: object[]) =>
      JSON.stringify({ year: 2028, source: 'Tệp', daysOff, makeUpWorkingDays: [] });
    expect(
      refusal(() =>
        importYearSchedule(draft(), 2028, {
          calendar: json([
            { date: '2028-01-01', name: 'A' },
            { date: '2028-01-01', name: 'B' },
          ]),
        }),
      ),
    ).to.equal('daysOff[2]: ngày 2028-01-01 trùng với daysOff[1].');
    const edited = draft();
    importYearSchedule(edited, 2028, { calendar: json([{ date: '2028-01-01', name: 'A' }]) });
    expect(edited.calendar.find((s) => s.year === 2028)!.source).to.equal('Tệp');
  });

  it('refuses a fifth column, bad JSON and a year outside the supported range, changing nothing', () => {
    const edited = draft();
    expect(
      refusal(() => importYearSchedule(edited, 2028, { calendar: '2028-01-01,nghỉ,A,,x', source: 'N' })),
    ).to.contain('Dòng 1: có nhiều hơn 4 cột');
    expect(
      refusal(() => importYearSchedule(edited, 2028, { calendar: '{"daysOff": [', source: 'N' })),
    ).to.contain('JSON không đọc được');
    expect(
      refusal(() => importYearSchedule(edited, 2200, { calendar: '2200-01-01,nghỉ,A', source: 'N' })),
    ).to.contain('Năm phải trong khoảng');
    expect(edited.calendar).to.have.length(1);
  });
});
