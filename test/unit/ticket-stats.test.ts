import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { loadCalendarData } from '../../config/calendar-data.js';
import { createWorkingCalendar } from '../../shared/calendar/working-calendar.js';
import { digestIntakeWindow } from '../../shared/digest/daily-digest.js';
import {
  byLateness,
  highestEscalationLevel,
  latenessMs,
  median,
  monthToDate,
  punctuality,
  weekToDate,
  type StatsTicket,
} from '../../shared/oversight/ticket-stats.js';
import { neutraliseFormula, reportCsv } from '../../services/monitor/report-csv.js';

const calendar = createWorkingCalendar({
  officialYears: loadCalendarData(fileURLToPath(new URL('../../config/calendar', import.meta.url))),
});
const vn = (local: string): Date => new Date(`${local}:00+07:00`);
const HOUR_MS = 3600_000;

function ticket(fields: Partial<StatsTicket>): StatsTicket {
  return {
    _id: 'x',
    code: '1022-2026-000001',
    receivedAt: vn('2026-03-02T08:00'),
    category: 'heritage',
    status: 'assigned',
    ...fields,
  };
}

describe('ticket statistics (pure helpers)', () => {
  it('counts an unanswered ticket past its deadline against the on-time rate', () => {
    const window = { from: vn('2026-03-01T00:00'), to: vn('2026-04-01T00:00') };
    const now = vn('2026-03-12T10:00');
    const assignment = (deadline: string) => ({
      no: 1,
      unitCode: 'QLDS',
      assignedAt: vn('2026-03-02T08:00'),
      deadline: vn(deadline),
    });
    const result = punctuality(
      [
        ticket({
          status: 'answered',
          assignment: assignment('2026-03-09T17:00'),
          answer: { answeredAt: vn('2026-03-05T08:00'), onTime: true },
        }),
        ticket({ assignment: assignment('2026-03-10T17:00') }),
        ticket({ assignment: assignment('2026-03-20T17:00') }),
      ],
      window,
      now,
    );
    expect(result).to.deep.equal({ onTime: 1, late: 0, overdue: 1, rate: 0.5 });
    expect(punctuality([], window, now).rate).to.equal(null);
  });

  it('measures lateness in office hours and keeps the highest escalation level ever reached', () => {
    const late = ticket({
      status: 'answered',
      assignment: {
        no: 2,
        unitCode: 'QLDS',
        assignedAt: vn('2026-03-02T08:00'),
        deadline: vn('2026-03-06T17:00'),
      },
      answer: { answeredAt: vn('2026-03-09T09:00'), onTime: false, unitCode: 'QLDS' },
      escalation: { level: 0 },
      events: [{ type: 'escalated', at: vn('2026-03-06T17:00'), data: { level: 2 } }],
    });
    // Friday 17:00 → Monday 09:00 is two office hours (07:00–09:00), not 64 clock hours.
    expect(
      latenessMs(late, vn('2026-03-12T10:00'), (_unit, from, to) => calendar.workingTimeBetween(from, to)),
    ).to.equal(2 * HOUR_MS);
    expect(highestEscalationLevel(late)).to.equal(2);
  });

  it('takes the middle of sorted values, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).to.equal(3);
    expect(median([49, 2])).to.equal(25.5);
    expect(median([])).to.equal(null);
  });

  it('starts weeks on Monday and months on the 1st, on the Vietnamese clock', () => {
    // 23:30 UTC on Sunday 8 March is already Monday 9 March in Vietnam.
    const now = new Date('2026-03-08T23:30:00Z');
    expect(weekToDate(now).from.toISOString()).to.equal('2026-03-08T17:00:00.000Z');
    expect(monthToDate(new Date('2026-02-28T18:00:00Z')).from.toISOString()).to.equal(
      '2026-02-28T17:00:00.000Z',
    );
  });

  it('puts the most late ticket first', () => {
    const list = byLateness([
      { code: 'b', assignment: { deadline: vn('2026-03-11T17:00') } },
      { code: 'a', assignment: { deadline: vn('2026-03-05T17:00') } },
      { code: 'c', assignment: null },
    ]);
    expect(list.map((t) => t.code)).to.deep.equal(['a', 'b', 'c']);
  });

  it('lets the digest after a weekend or Tết cover every day since the last working day', () => {
    expect(digestIntakeWindow(calendar, '2026-03-05').firstDate).to.equal('2026-03-04');
    expect(digestIntakeWindow(calendar, '2026-03-09').firstDate).to.equal('2026-03-06');
    expect(digestIntakeWindow(calendar, '2026-02-23').firstDate).to.equal('2026-02-13');
  });
});

describe('report CSV', () => {
  it('neutralises text a spreadsheet would run as a formula', () => {
    for (const text of ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\t=1'])
      expect(neutraliseFormula(text)).to.equal(`'${text}`);
    expect(neutraliseFormula('Phòng Quản lý Di sản')).to.equal('Phòng Quản lý Di sản');
  });

  it('starts with a UTF-8 byte-order mark, quotes what needs it and keeps Vietnamese as NFC', () => {
    const csv = reportCsv(
      [
        {
          code: '1022-2026-000001',
          receivedAt: vn('2026-03-02T08:00'),
          categoryName: 'Di sản văn hóa, di tích',
          unitName: '=cmd|"/c calc"',
          deadline: undefined,
          answeredAt: undefined,
          punctuality: 'Chưa đến hạn',
          lateHours: 1.5,
          escalationLevel: 0,
          outcome: 'Đã chuyển đơn vị xử lý',
          level: 'Mức 2 – chuyển một đơn vị xử lý',
          channel: 'Điện thoại',
          result: 'Đang xử lý',
          forwardedAfterWorkingDays: undefined,
          citizen: 'Không xuất (báo cáo không kèm danh tính)',
        },
      ],
      [
        {
          unitName: 'Phòng Quản lý Di sản',
          assigned: 1,
          answeredOnTime: 0,
          answeredLate: 0,
          overdueNow: 0,
          onTimeRate: undefined,
        },
      ],
    );
    expect(csv.charCodeAt(0)).to.equal(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).to.equal(
      'Mã phiếu,Thời điểm tiếp nhận,Lĩnh vực,Đơn vị xử lý,Hạn trả lời,Thời điểm trả lời,Đúng hạn / trễ hạn,Trễ (giờ làm việc),Cấp báo cáo vượt cấp cao nhất,Trạng thái / kết quả,Mức xử lý,Kênh tiếp nhận,Kết quả xử lý,Chuyển ngoài Sở sau (ngày làm việc),Người phản ánh (họ tên – điện thoại)',
    );
    expect(lines[1]).to.equal(
      '1022-2026-000001,"08:00, 02/03/2026","Di sản văn hóa, di tích","\'=cmd|""/c calc""",,,Chưa đến hạn,1.5,0,Đã chuyển đơn vị xử lý,Mức 2 – chuyển một đơn vị xử lý,Điện thoại,Đang xử lý,,Không xuất (báo cáo không kèm danh tính)',
    );
    expect(csv.normalize('NFC')).to.equal(csv);
  });
});
