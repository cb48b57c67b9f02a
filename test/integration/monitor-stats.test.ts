import { expect } from 'chai';
import { randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { api } from '../support/intake-service.js';
import { monitorFetch, monitorStaff, type MonitorStaff } from '../support/monitor-client.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';

/** 10:00 on Thursday 12 March 2026 in Đồng Tháp: the dashboard's "now" throughout. */
const NOW = vn('2026-03-12T10:00');
const DAY_MS = 24 * 3600_000;

function vn(local: string): Date {
  return new Date(`${local}:00+07:00`);
}

/** One seeded ticket, with the facts the numbers depend on; `hours` is the office time to answer, worked out by hand (07:00–11:30, 13:30–17:00). */
interface Seed {
  key: string;
  unit?: string;
  category: string;
  status: 'received' | 'assigned' | 'transfer_requested' | 'answered' | 'closed' | 'resolved_at_intake';
  received: string;
  deadline?: string;
  answered?: string;
  onTime?: boolean;
  hours?: number;
  level?: number;
  priority?: 'normal' | 'urgent';
}

const SEEDS: Seed[] = [
  {
    key: 'A',
    unit: 'QLVH',
    category: 'culture_arts',
    status: 'answered',
    received: '2026-03-02T08:00',
    deadline: '2026-03-09T17:00',
    answered: '2026-03-02T10:00',
    onTime: true,
    hours: 2,
  },
  {
    key: 'B',
    unit: 'QLVH',
    category: 'culture_arts',
    status: 'answered',
    received: '2026-03-03T08:00',
    deadline: '2026-03-10T17:00',
    answered: '2026-03-11T09:00',
    onTime: false,
    hours: 49,
    level: 1,
  },
  {
    key: 'C',
    unit: 'QLVH',
    category: 'culture_arts',
    status: 'assigned',
    received: '2026-03-04T08:00',
    deadline: '2026-03-11T17:00',
    level: 1,
  },
  {
    key: 'K',
    unit: 'QLVH',
    category: 'cinema',
    status: 'transfer_requested',
    received: '2026-03-10T08:00',
    deadline: '2026-03-17T17:00',
  },
  {
    key: 'D',
    unit: 'QLDS',
    category: 'heritage',
    status: 'assigned',
    received: '2026-03-09T08:00',
    deadline: '2026-03-16T17:00',
  },
  {
    key: 'E',
    unit: 'QLDS',
    category: 'heritage',
    status: 'answered',
    received: '2026-03-05T09:00',
    deadline: '2026-03-12T17:00',
    answered: '2026-03-10T14:30',
    onTime: true,
    hours: 27.5,
  },
  {
    key: 'J',
    unit: 'QLDS',
    category: 'heritage',
    status: 'answered',
    received: '2026-03-02T08:00',
    deadline: '2026-03-06T17:00',
    answered: '2026-03-09T08:00',
    onTime: false,
    hours: 40,
  },
  {
    key: 'L',
    unit: 'QLDS',
    category: 'heritage',
    status: 'closed',
    received: '2026-03-03T08:00',
    deadline: '2026-03-10T17:00',
  },
  {
    key: 'F',
    unit: 'TDTT',
    category: 'sports',
    status: 'assigned',
    received: '2026-03-12T08:00',
    deadline: '2026-03-12T14:00',
    priority: 'urgent',
  },
  {
    key: 'H',
    unit: 'TDTT',
    category: 'sports',
    status: 'answered',
    received: '2026-02-24T08:00',
    deadline: '2026-03-03T17:00',
    answered: '2026-02-26T08:00',
    onTime: true,
    hours: 16,
  },
  {
    key: 'G',
    unit: 'VP',
    category: 'conduct',
    status: 'assigned',
    received: '2026-03-02T08:00',
    deadline: '2026-03-05T17:00',
    level: 2,
  },
  {
    key: 'M',
    unit: 'VP',
    category: 'procedure',
    status: 'answered',
    received: '2026-03-09T08:00',
    deadline: '2026-03-16T17:00',
    answered: '2026-03-09T09:00',
    onTime: true,
    hours: 1,
  },
  { key: 'I', category: 'library', status: 'resolved_at_intake', received: '2026-03-10T09:00' },
  { key: 'N', category: 'tourism', status: 'received', received: '2026-03-12T09:30' },
];

const codes = new Map<string, string>();

async function seed(spec: Seed): Promise<void> {
  const code = `1022-2026-${String(randomInt(100000, 999999))}`;
  codes.set(spec.key, code);
  const receivedAt = vn(spec.received);
  const events: Array<Record<string, unknown>> = [
    { at: receivedAt, type: 'received', actor: { kind: 'staff', name: 'test' } },
  ];
  for (let level = 1; level <= (spec.level ?? 0); level++) {
    events.push({ at: vn(spec.deadline!), type: 'escalated', actor: { kind: 'system' }, data: { level } });
  }
  await Ticket.create({
    _id: new Types.ObjectId(),
    code,
    channel: 'phone',
    receivedAt,
    citizen: { name: 'Nguyễn Văn An', phone: '+84912345678', anonymous: false },
    category: spec.category,
    subject: `Phiếu ${spec.key}`,
    content: 'Nội dung thử nghiệm',
    priority: spec.priority ?? 'normal',
    status: spec.status,
    ...(spec.unit
      ? {
          assignment: {
            no: 1,
            unitCode: spec.unit,
            informed: [],
            assignedAt: receivedAt,
            deadline: vn(spec.deadline!),
            tokenHash: `hash-${code}`,
            tokenSalt: 'salt',
            tokenExpiresAt: new Date(vn(spec.deadline!).getTime() + 30 * DAY_MS),
          },
        }
      : {}),
    escalation: {
      level: spec.status === 'assigned' || spec.status === 'transfer_requested' ? (spec.level ?? 0) : 0,
    },
    ...(spec.answered
      ? {
          answer: {
            text: 'Đã trả lời',
            answeredAt: vn(spec.answered),
            assignmentNo: 1,
            unitCode: spec.unit,
            onTime: spec.onTime,
          },
        }
      : {}),
    ...(spec.status === 'closed'
      ? { closure: { note: 'Trùng phiếu', closedAt: vn('2026-03-04T09:00') } }
      : {}),
    next: null,
    events,
  });
}

// ── The numbers, worked out here from the seeds, independently of shared/tickets/ticket-stats.ts ──

const MONTH = { from: vn('2026-03-01T00:00'), to: NOW };
const WEEK_FROM = vn('2026-03-09T00:00');
const TOMORROW = vn('2026-03-13T00:00');
const waiting = (s: Seed) => s.status === 'assigned' || s.status === 'transfer_requested';
const inRange = (date: Date, range: { from: Date; to: Date }) => date >= range.from && date < range.to;

function expectedFor(seeds: Seed[], period = MONTH) {
  const answeredIn = seeds.filter((s) => s.answered && inRange(vn(s.answered), period));
  const overdueIn = seeds.filter(
    (s) =>
      waiting(s) &&
      vn(s.deadline!) < NOW &&
      inRange(vn(s.deadline!), { from: period.from, to: period.to < NOW ? period.to : NOW }),
  );
  const onTime = answeredIn.filter((s) => s.onTime).length;
  const due = answeredIn.length + overdueIn.length;
  const monthAnswered = seeds.filter((s) => s.answered && inRange(vn(s.answered), MONTH));
  const monthOverdue = seeds.filter(
    (s) => waiting(s) && vn(s.deadline!) < NOW && inRange(vn(s.deadline!), MONTH),
  );
  const monthDue = monthAnswered.length + monthOverdue.length;
  return {
    counters: {
      open: seeds.filter((s) => ['received', 'assigned', 'transfer_requested'].includes(s.status)).length,
      dueToday: seeds.filter((s) => waiting(s) && vn(s.deadline!) >= NOW && vn(s.deadline!) < TOMORROW)
        .length,
      overdue: seeds.filter((s) => waiting(s) && vn(s.deadline!) < NOW).length,
      escalated: seeds.filter((s) => waiting(s) && (s.level ?? 0) >= 1).length,
      answeredThisWeek: seeds.filter((s) => s.answered && vn(s.answered) >= WEEK_FROM && vn(s.answered) < NOW)
        .length,
      onTimeRateThisMonth: monthDue ? monthAnswered.filter((s) => s.onTime).length / monthDue : null,
    },
    summary: {
      received: seeds.filter((s) => inRange(vn(s.received), period)).length,
      answered: answeredIn.length,
      onTime,
      late: answeredIn.length - onTime,
      overdue: overdueIn.length,
      rate: due ? onTime / due : null,
    },
  };
}

function expectedUnit(seeds: Seed[], unit: string, period = MONTH) {
  const own = seeds.filter((s) => s.unit === unit);
  const answered = own.filter((s) => s.answered && inRange(vn(s.answered), period));
  const hours = answered.map((s) => s.hours!).sort((a, b) => a - b);
  const median =
    hours.length === 0
      ? null
      : hours.length % 2
        ? hours[(hours.length - 1) / 2]!
        : (hours[hours.length / 2 - 1]! + hours[hours.length / 2]!) / 2;
  const overdueIn = own.filter(
    (s) => waiting(s) && vn(s.deadline!) < NOW && inRange(vn(s.deadline!), period),
  );
  const onTime = answered.filter((s) => s.onTime).length;
  const due = answered.length + overdueIn.length;
  return {
    unitCode: unit,
    assigned: own.filter((s) => inRange(vn(s.received), period)).length,
    answeredOnTime: onTime,
    answeredLate: answered.length - onTime,
    overdueNow: own.filter((s) => waiting(s) && vn(s.deadline!) < NOW).length,
    medianHoursToAnswer: median === null ? null : Math.round(median * 10) / 10,
    onTimeRate: due ? onTime / due : null,
  };
}

/** How the page writes a rate: `42,9%`, or a dash. */
function rateVi(rate: number | null): string {
  if (rate === null) return '—';
  const tenths = Math.round(rate * 1000);
  return `${Math.floor(tenths / 10)}${tenths % 10 ? `,${tenths % 10}` : ''}%`;
}

function hoursVi(hours: number | null): string {
  return hours === null ? '—' : `${String(hours).replace('.', ',')} giờ`;
}

function counterOnPage(html: string, id: string): string {
  const match = new RegExp(`id="counter-${id}"[\\s\\S]*?data-value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`counter ${id} not on the page`);
  return match[1]!;
}

function unitCell(html: string, unit: string, key: string): string | undefined {
  const row = new RegExp(`<tr data-unit="${unit}">([\\s\\S]*?)</tr>`).exec(html)?.[1];
  if (!row) return undefined;
  return new RegExp(`data-key="${key}">([^<]*)<`).exec(row)?.[1]?.trim();
}

function summaryCell(html: string, key: string): string {
  const summary = /<dl class="facts" id="period-summary">([\s\S]*?)<\/dl>/.exec(html)?.[1] ?? '';
  return new RegExp(`data-key="${key}">([^<]*)<`).exec(summary)?.[1]?.trim() ?? '';
}

describe('monitor numbers: dashboard and /api/v1/stats agree with an independent count', function () {
  this.timeout(60_000);
  let pipeline: Pipeline;
  let url: string;
  let chief: MonitorStaff;
  let reviewer: MonitorStaff;
  let operator: MonitorStaff;
  let now = NOW;

  before(async () => {
    pipeline = await startPipeline('monitor-stats', { http: true, workers: false, clock: () => now });
    url = pipeline.service.url!;
    for (const spec of SEEDS) await seed(spec);
    // Sessions open at the later of the real time and the dashboard's: valid for the service's clock
    // whichever day the suite runs on, and never in the past for a real mongod's TTL index.
    const openedAt = new Date(Math.max(Date.now(), NOW.getTime()));
    chief = await monitorStaff('chief', 'Trần Văn Bình', 'chief@monitor-stats.test', openedAt);
    reviewer = await monitorStaff('reviewer', 'Lê Minh Châu', 'reviewer@monitor-stats.test', openedAt);
    operator = await monitorStaff('operator', 'Nguyễn Thị Lan', 'operator@monitor-stats.test', openedAt);
  });
  after(async () => pipeline?.stop());

  it('shows the counters, the period summary and the per-unit table on the dashboard', async () => {
    const page = await monitorFetch(url, '/monitor', { cookie: chief.cookie });
    expect(page.status).to.equal(200);
    const expected = expectedFor(SEEDS);
    // Pinned by hand too, so that a mistake in the test's own arithmetic cannot hide one in the service.
    expect(expected.counters).to.deep.equal({
      open: 6,
      dueToday: 1,
      overdue: 2,
      escalated: 2,
      answeredThisWeek: 4,
      onTimeRateThisMonth: 3 / 7,
    });
    expect(counterOnPage(page.text, 'open')).to.equal(String(expected.counters.open));
    expect(counterOnPage(page.text, 'due-today')).to.equal(String(expected.counters.dueToday));
    expect(counterOnPage(page.text, 'overdue')).to.equal(String(expected.counters.overdue));
    expect(counterOnPage(page.text, 'escalated')).to.equal(String(expected.counters.escalated));
    expect(counterOnPage(page.text, 'answered-week')).to.equal(String(expected.counters.answeredThisWeek));
    expect(counterOnPage(page.text, 'on-time-month')).to.equal('42,9%');
    expect(counterOnPage(page.text, 'on-time-month')).to.equal(rateVi(expected.counters.onTimeRateThisMonth));

    expect(summaryCell(page.text, 'received')).to.equal(String(expected.summary.received));
    expect(summaryCell(page.text, 'overdue')).to.equal(String(expected.summary.overdue));
    expect(summaryCell(page.text, 'rate')).to.equal(rateVi(expected.summary.rate));

    for (const unit of ['QLVH', 'QLDS', 'TDTT', 'VP']) {
      const row = expectedUnit(SEEDS, unit);
      expect(unitCell(page.text, unit, 'assigned'), `${unit} assigned`).to.equal(String(row.assigned));
      expect(unitCell(page.text, unit, 'answeredOnTime'), `${unit} on time`).to.equal(
        String(row.answeredOnTime),
      );
      expect(unitCell(page.text, unit, 'answeredLate'), `${unit} late`).to.equal(String(row.answeredLate));
      expect(unitCell(page.text, unit, 'overdueNow'), `${unit} overdue`).to.equal(String(row.overdueNow));
      expect(unitCell(page.text, unit, 'median'), `${unit} median`).to.equal(
        hoursVi(row.medianHoursToAnswer),
      );
      expect(unitCell(page.text, unit, 'rate'), `${unit} rate`).to.equal(rateVi(row.onTimeRate));
    }
    expect(unitCell(page.text, 'QLDS', 'median')).to.equal('33,8 giờ');
  });

  it('warns on the dashboard when deadlines use days off derived for a year without an official schedule', async () => {
    const march = await monitorFetch(url, '/monitor', { cookie: chief.cookie });
    expect(march.text, '2026 is official').not.to.contain('calendar-warning');
    now = vn('2026-12-02T09:00');
    try {
      // A session opened in December: the other one has expired on this clock.
      const decemberChief = await monitorStaff(
        'chief',
        'Trần Văn Bình',
        'chief.dec@monitor-stats.test',
        new Date(Math.max(Date.now(), now.getTime())),
      );
      const december = await monitorFetch(url, '/monitor', { cookie: decemberChief.cookie });
      expect(december.status).to.equal(200);
      const warnings = [...december.text.matchAll(/class="card alert calendar-warning"[^>]*>([^<]*)</g)].map(
        (m) => m[1],
      );
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain('Chưa có lịch nghỉ lễ, Tết chính thức năm 2027');
    } finally {
      now = NOW;
    }
  });

  it('lists the escalation queue most late first, and draws charts from embedded JSON with a table fallback', async () => {
    const page = await monitorFetch(url, '/monitor', { cookie: chief.cookie });
    const queue =
      /<table class="data tickets" id="escalation-queue">([\s\S]*?)<\/table>/.exec(page.text)?.[1] ?? '';
    const order = [...queue.matchAll(/class="code">([^<]+)</g)].map((m) => m[1]);
    expect(order).to.deep.equal([codes.get('G'), codes.get('C')]);

    const json = /<script type="application\/json" id="monitor-chart-data">([\s\S]*?)<\/script>/.exec(
      page.text,
    )?.[1];
    const charts = JSON.parse(json!) as {
      daily: { labels: string[]; received: number[]; answered: number[] };
    };
    expect(charts.daily.labels).to.have.length(30);
    expect(charts.daily.labels.at(-1)).to.equal('12/03');
    const march2 = charts.daily.labels.indexOf('02/03');
    expect(charts.daily.received[march2]).to.equal(
      SEEDS.filter((s) => s.received.startsWith('2026-03-02')).length,
    );
    expect(charts.daily.answered[march2]).to.equal(
      SEEDS.filter((s) => s.answered?.startsWith('2026-03-02')).length,
    );
    expect(page.text).to.match(
      /<tr data-date="2026-02-26"><th scope="row">26\/02<\/th><td class="num">0<\/td><td class="num">1<\/td><\/tr>/,
    );
    expect(page.text).to.contain('<script src="/static/vendor/chart.js/chart.umd.min.js" defer></script>');
    expect(page.text).not.to.match(/<script>(?!<)/);
    const chartJs = await fetch(`${url}/static/vendor/chart.js/chart.umd.min.js`);
    expect(chartJs.status).to.equal(200);
    expect(chartJs.headers.get('content-type')).to.contain('javascript');
  });

  it('answers /api/v1/stats with the same numbers, for a period given as dates or instants', async () => {
    const byDates = await api(url, 'GET', '/api/v1/stats?from=2026-03-01&to=2026-03-12', {
      token: chief.token,
    });
    expect(byDates.status).to.equal(200);
    const expected = expectedFor(SEEDS, { from: vn('2026-03-01T00:00'), to: vn('2026-03-13T00:00') });
    expect(byDates.body.counters).to.deep.equal(expected.counters);
    expect(byDates.body.summary).to.deep.equal(expected.summary);
    for (const unit of ['QLVH', 'QLDS', 'TDTT', 'VP']) {
      const row = byDates.body.units.find((u: { unitCode: string }) => u.unitCode === unit);
      const { unitName, ...numbers } = row;
      expect(unitName).to.be.a('string');
      expect(numbers, unit).to.deep.equal(
        expectedUnit(SEEDS, unit, { from: vn('2026-03-01T00:00'), to: vn('2026-03-13T00:00') }),
      );
    }
    expect(byDates.body.period).to.deep.equal({
      from: '2026-02-28T17:00:00.000Z',
      to: '2026-03-12T17:00:00.000Z',
    });

    const lastWeek = { from: vn('2026-03-02T00:00'), to: vn('2026-03-07T00:00') };
    const byInstants = await api(
      url,
      'GET',
      `/api/v1/stats?from=${encodeURIComponent('2026-03-02T00:00:00+07:00')}&to=${encodeURIComponent('2026-03-07T00:00:00+07:00')}`,
      { token: chief.token },
    );
    expect(byInstants.status).to.equal(200);
    expect(byInstants.body.summary).to.deep.equal(expectedFor(SEEDS, lastWeek).summary);
    // J's deadline and G's both fell that week: J was answered after the week (not yet late in it), G never was.
    expect(byInstants.body.summary.overdue).to.equal(1);
  });

  it('narrows everything to one unit, and the conduct reviewer to conduct and procedure tickets', async () => {
    const qlvh = await api(url, 'GET', '/api/v1/stats?department=QLVH', { token: chief.token });
    expect(qlvh.body.counters).to.deep.equal(expectedFor(SEEDS.filter((s) => s.unit === 'QLVH')).counters);
    expect(qlvh.body.units.map((u: { unitCode: string }) => u.unitCode)).to.deep.equal(['QLVH']);

    const reviewerSeeds = SEEDS.filter((s) => ['conduct', 'procedure'].includes(s.category));
    const seen = await api(url, 'GET', '/api/v1/stats', { token: reviewer.token });
    expect(seen.body.counters).to.deep.equal(expectedFor(reviewerSeeds).counters);
    const page = await monitorFetch(url, '/monitor', { cookie: reviewer.cookie });
    expect(counterOnPage(page.text, 'open')).to.equal('1');
    expect(page.text).not.to.contain(codes.get('C'));
    expect(page.text).to.contain(codes.get('G'));
    const hidden = await monitorFetch(url, `/monitor/tickets/${codes.get('C')}`, {
      cookie: reviewer.cookie,
    });
    expect(hidden.status).to.equal(404);
  });

  it('refuses bad filters, other roles and missing credentials', async () => {
    expect((await api(url, 'GET', '/api/v1/stats')).status).to.equal(401);
    expect((await api(url, 'GET', '/api/v1/stats', { token: operator.token })).status).to.equal(403);
    const bad = await api(url, 'GET', '/api/v1/stats?from=hôm-qua&department=XYZ&extra=1', {
      token: chief.token,
    });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.include.members(['from', 'extra']);
    expect((await api(url, 'GET', '/api/v1/stats?department=XYZ', { token: chief.token })).status).to.equal(
      400,
    );
    expect(
      (await api(url, 'GET', '/api/v1/stats?from=2026-03-10&to=2026-03-01', { token: chief.token })).status,
    ).to.equal(400);

    const page = await monitorFetch(url, '/monitor?from=2026-13-45', { cookie: chief.cookie });
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Bộ lọc không hợp lệ');
    const anonymous = await monitorFetch(url, '/monitor/tickets?overdue=true');
    expect(anonymous.status).to.equal(303);
    expect(anonymous.headers.get('location')).to.equal('/monitor?next=%2Fmonitor%2Ftickets%3Foverdue%3Dtrue');
    const operatorPage = await monitorFetch(url, '/monitor', { cookie: operator.cookie });
    expect(operatorPage.text).to.contain('Gửi đường dẫn đăng nhập');
  });
});
