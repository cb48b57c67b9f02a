import { expect } from 'chai';
import { randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { api } from '../support/intake-service.js';
import { monitorStaff, type MonitorStaff } from '../support/monitor-client.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';

/**
 * The numbers read tickets relevant only through the 30-day series (received or answered before
 * this month and this week, no longer open) with fewer fields (issue 21: a year of tickets). Such a
 * ticket still counts wherever it did: in the series, in the period's flow (closed unreachable in
 * it) and in the units' "assigned" (reassigned in it).
 */

/** 10:00 on Thursday 12 March 2026: the service's clock; the series reaches back to 11 February. */
const NOW = vn('2026-03-12T10:00');

function vn(local: string): Date {
  return new Date(`${local}:00+07:00`);
}

interface Seed {
  status: 'closed' | 'assigned';
  received: string;
  assignedAt: string;
  deadline: string;
  answered?: string;
  events?: Array<{ type: string; at: string }>;
}

/** Closed as unreachable on 5 March, after waiting on the citizen since February. */
const UNREACHABLE: Seed = {
  status: 'closed',
  received: '2026-02-16T08:00',
  assignedAt: '2026-02-16T09:00',
  deadline: '2026-02-23T17:00',
  events: [
    { type: 'citizen_info_requested', at: '2026-02-17T09:00' },
    { type: 'citizen_unreachable', at: '2026-03-05T09:00' },
  ],
};

/** Reassigned to QLDS on 2 March, then closed; its new deadline (20 March) is still ahead. */
const REASSIGNED: Seed = {
  status: 'closed',
  received: '2026-02-25T08:00',
  assignedAt: '2026-03-02T08:00',
  deadline: '2026-03-20T17:00',
};

/** Answered in February: only in the series. */
const ANSWERED_IN_FEBRUARY: Seed = {
  status: 'closed',
  received: '2026-02-16T10:00',
  assignedAt: '2026-02-16T10:30',
  deadline: '2026-02-23T17:00',
  answered: '2026-02-18T09:00',
};

/** Reopened on 6 March after an unsatisfied call-back: waiting on QLDS again. */
const REOPENED_IN_MARCH: Seed = {
  status: 'assigned',
  received: '2026-02-20T08:00',
  assignedAt: '2026-02-20T09:00',
  deadline: '2026-03-20T17:00',
  events: [{ type: 'reopened', at: '2026-03-06T09:00' }],
};

/** Reopened in February, closed since: not in this month's flow. */
const REOPENED_IN_FEBRUARY: Seed = {
  status: 'closed',
  received: '2026-02-12T08:00',
  assignedAt: '2026-02-12T09:00',
  deadline: '2026-02-27T17:00',
  events: [{ type: 'reopened', at: '2026-02-20T09:00' }],
};

async function seed(spec: Seed): Promise<void> {
  const code = `1022-2026-${String(randomInt(100000, 999999))}`;
  await Ticket.create({
    _id: new Types.ObjectId(),
    code,
    channel: 'phone',
    receivedAt: vn(spec.received),
    citizen: { name: 'Nguyễn Văn An', phone: '+84912345678', anonymous: false },
    category: 'heritage',
    subject: 'Phiếu thử',
    content: 'Nội dung thử nghiệm',
    priority: 'normal',
    status: spec.status,
    assignment: {
      no: 1,
      unitCode: 'QLDS',
      informed: [],
      assignedAt: vn(spec.assignedAt),
      deadline: vn(spec.deadline),
      tokenHash: `hash-${code}`,
      tokenSalt: 'salt',
      tokenExpiresAt: vn('2026-04-30T17:00'),
    },
    escalation: { level: 0 },
    ...(spec.answered
      ? {
          answer: {
            text: 'Đã trả lời',
            answeredAt: vn(spec.answered),
            assignmentNo: 1,
            unitCode: 'QLDS',
            onTime: true,
          },
        }
      : {}),
    closure: { note: 'Đã xử lý', closedAt: vn('2026-03-05T09:00') },
    next: null,
    events: [
      { at: vn(spec.received), type: 'received', actor: { kind: 'staff', name: 'test' } },
      ...(spec.events ?? []).map((event) => ({
        at: vn(event.at),
        type: event.type,
        actor: { kind: 'system' },
      })),
    ],
  });
}

describe('monitor numbers: tickets relevant only through the 30-day series still count', function () {
  this.timeout(60_000);
  let pipeline: Pipeline;
  let url: string;
  let chief: MonitorStaff;

  before(async () => {
    pipeline = await startPipeline('monitor-series', { http: true, workers: false, clock: () => NOW });
    url = pipeline.service.url!;
    const seeds = [UNREACHABLE, REASSIGNED, ANSWERED_IN_FEBRUARY, REOPENED_IN_MARCH, REOPENED_IN_FEBRUARY];
    for (const spec of seeds) await seed(spec);
    chief = await monitorStaff(
      'chief',
      'Trần Văn Bình',
      'chief@monitor-series.test',
      new Date(Math.max(Date.now(), NOW.getTime())),
    );
  });
  after(async () => pipeline?.stop());

  it('counts them in the series, in the flow of the period (from their events) and in the units’ assigned count', async () => {
    const stats = await api(url, 'GET', '/api/v1/stats', { token: chief.token });
    expect(stats.status).to.equal(200);
    const daily = stats.body.daily as Array<{ date: string; received: number; answered: number }>;
    expect(daily).to.have.length(30);
    expect(daily.find((day) => day.date === '2026-02-16')).to.deep.equal({
      date: '2026-02-16',
      received: 2,
      answered: 0,
    });
    expect(daily.find((day) => day.date === '2026-02-18')?.answered).to.equal(1);
    expect(daily.find((day) => day.date === '2026-02-25')?.received).to.equal(1);
    // This month: nothing received, one ticket closed unreachable, one reopened, one assigned (REASSIGNED).
    expect(stats.body.summary.received).to.equal(0);
    expect(stats.body.flow.closedUnreachable).to.equal(1);
    expect(stats.body.flow.reopened).to.equal(1);
    expect(stats.body.counters.open).to.equal(1);
    const qlds = (stats.body.units as Array<{ unitCode: string; assigned: number; overdueNow: number }>).find(
      (unit) => unit.unitCode === 'QLDS',
    );
    expect(qlds?.assigned).to.equal(1);
    expect(qlds?.overdueNow).to.equal(0);
  });
});
