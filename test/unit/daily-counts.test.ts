import { expect } from 'chai';
import { dailyCounts, type StatsTicket } from '../../shared/oversight/ticket-stats.js';

const vn = (local: string): Date => new Date(`${local}+07:00`);

function ticket(receivedAt: Date, answeredAt?: Date): StatsTicket {
  return {
    _id: 'x',
    code: '1022-2026-000001',
    receivedAt,
    category: 'heritage',
    status: answeredAt ? 'answered' : 'assigned',
    ...(answeredAt ? { answer: { answeredAt, onTime: true, unitCode: 'QLDS' } } : {}),
  };
}

describe('received and answered per day', () => {
  it('puts each instant on its Vietnamese date, midnight belonging to the day it starts', () => {
    const counts = dailyCounts(
      [
        ticket(vn('2026-03-01T23:59:59.999'), vn('2026-03-02T00:00:00.000')),
        ticket(vn('2026-03-02T00:00:00.000')),
        ticket(vn('2026-02-28T23:59:59.999'), vn('2026-03-04T00:00:00.000')),
        // 23:30 UTC on 2 March is already 06:30 on 3 March in Vietnam.
        ticket(new Date('2026-03-02T23:30:00Z')),
      ],
      ['2026-03-01', '2026-03-02', '2026-03-03'],
    );
    expect(counts).to.deep.equal([
      { date: '2026-03-01', received: 1, answered: 0 },
      { date: '2026-03-02', received: 1, answered: 1 },
      { date: '2026-03-03', received: 1, answered: 0 },
    ]);
  });
});
