import { readFileSync } from 'node:fs';
import { Types } from 'mongoose';
import { Ticket } from '../shared/db/models/ticket.model.js';

/**
 * A year of tickets for the "year" benchmark: `n` tickets received over the 12 months before `now`,
 * with a season (Tết and the summer holidays busier), the routing table's units and categories,
 * the channels a switchboard sees, and the statuses time leaves behind: old tickets answered (mostly
 * on time) and closed after the call-back, some still overdue and escalated, recent ones waiting
 * with their deadline and timer pending, the last hours' tickets not yet routed. Inserted in batches
 * straight through the model (insertMany, lean): seeding is not what is measured.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const BATCH = 1000;
/** Relative weight of each month of the year (Jan … Dec): Tết (Feb) and the summer (Jun–Aug) busiest. */
const SEASON = [1.0, 1.5, 0.9, 0.9, 1.0, 1.3, 1.4, 1.3, 0.9, 0.9, 0.8, 0.9];
const CHANNELS: Array<[string, number]> = [
  ['phone', 0.62],
  ['zalo', 0.12],
  ['web', 0.1],
  ['email', 0.07],
  ['facebook', 0.05],
  ['sms', 0.02],
  ['walk_in', 0.02],
];
const OUTCOMES: Array<[string, number]> = [
  ['satisfied', 0.6],
  ['useful', 0.3],
  ['unsatisfied', 0.07],
  ['unreachable', 0.03],
];
/** Office deadline of a normal ticket, in calendar days (5 working days); urgent: 2. */
const DEADLINE_DAYS = 7;

interface Routing {
  units: Array<{ code: string; categories: string[] }>;
}

/** A small deterministic generator (mulberry32): every run seeds the same year. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(rng: () => number, weighted: Array<[T, number]>): T {
  let r = rng();
  for (const [value, weight] of weighted) {
    r -= weight;
    if (r < 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}

/** Vietnamese calendar month (YYYY-MM) of an instant. */
export function vietnamMonth(at: Date): string {
  return new Date(at.getTime() + 7 * HOUR_MS).toISOString().slice(0, 7);
}

export interface SeededYear {
  tickets: number;
  seconds: number;
  /** Tickets received per Vietnamese month, YYYY-MM → count. */
  perMonth: Record<string, number>;
  /** The whole months (not the first or the current one) with the most and the fewest tickets. */
  busiestMonth: string;
  quietestMonth: string;
  /** Units with the most tickets, most first (for the filtered list). */
  busiestUnit: string;
  /** Tickets a unit still owes now (deadline timers pending), and of those past their deadline. */
  waiting: number;
  overdue: number;
}

/** Seeds `n` tickets received in the 365 days before `now` (see the file comment). */
export async function seedYearOfTickets(n: number, now: Date, seed = 1022): Promise<SeededYear> {
  const started = Date.now();
  const rng = random(seed);
  const routing = JSON.parse(
    readFileSync(new URL('../config/departments.json', import.meta.url), 'utf8'),
  ) as Routing;
  const routes = routing.units.flatMap((unit) =>
    unit.categories.map((category) => ({ unit: unit.code, category })),
  );
  const start = now.getTime() - 365 * DAY_MS;
  const dayWeights = Array.from({ length: 365 }, (_, day) => {
    const month = new Date(start + day * DAY_MS + 7 * HOUR_MS).getUTCMonth();
    return SEASON[month]!;
  });
  const totalWeight = dayWeights.reduce((sum, w) => sum + w, 0);
  const dayOf = (): number => {
    let r = rng() * totalWeight;
    for (let day = 0; day < dayWeights.length; day++) {
      r -= dayWeights[day]!;
      if (r < 0) return day;
    }
    return dayWeights.length - 1;
  };
  const perMonth: Record<string, number> = {};
  const perUnit: Record<string, number> = {};
  let waiting = 0;
  let overdue = 0;
  const year = now.getUTCFullYear();

  for (let first = 0; first < n; first += BATCH) {
    const docs = [];
    for (let i = first; i < Math.min(n, first + BATCH); i++) {
      // Office hours on the Vietnamese clock: 07:00–17:00 (00:00–10:00 UTC), a day in the past year.
      let receivedAt = new Date(start + dayOf() * DAY_MS + Math.floor(rng() * 10 * HOUR_MS));
      receivedAt = new Date(
        Math.floor(receivedAt.getTime() / DAY_MS) * DAY_MS + (receivedAt.getTime() % (10 * HOUR_MS)),
      );
      if (receivedAt.getTime() >= now.getTime()) receivedAt = new Date(now.getTime() - rng() * DAY_MS);
      const route = routes[Math.floor(rng() * routes.length)]!;
      const urgent = rng() < 0.05;
      const code = `1022-${year}-Y${String(i + 1).padStart(6, '0')}`;
      const base = {
        _id: new Types.ObjectId(),
        code,
        channel: pick(rng, CHANNELS),
        receivedAt,
        citizen: {
          name: 'Nguyễn Văn An',
          phone: `+849${String(10_000_000 + i).slice(-8)}`,
          anonymous: false,
        },
        category: route.category,
        subject: `Phản ánh số ${i + 1} về ${route.category}`,
        content: 'Nội dung phản ánh của một năm thử tải: địa điểm, thời gian và điều người dân đề nghị.',
        priority: urgent ? 'urgent' : 'normal',
        outbox: [],
        previousAnswers: [],
        createdAt: receivedAt,
        updatedAt: receivedAt,
      };
      const received = { at: receivedAt, type: 'received', actor: { kind: 'staff', name: 'Tổng đài viên' } };
      perMonth[vietnamMonth(receivedAt)] = (perMonth[vietnamMonth(receivedAt)] ?? 0) + 1;
      const age = now.getTime() - receivedAt.getTime();
      if (age < 10 * 60_000 || rng() < 0.03) {
        // Not routed yet (the last minutes' tickets), or answered by the operator on the call.
        const atIntake = age >= 10 * 60_000;
        docs.push({
          ...base,
          status: atIntake ? 'resolved_at_intake' : 'received',
          escalation: { level: 0 },
          ...(atIntake
            ? { intakeAnswer: { text: 'Đã hướng dẫn ngay khi gọi.', answeredAt: receivedAt }, next: null }
            : { next: { action: 'route', dueAt: receivedAt, seq: 0 } }),
          events: [received],
        });
        continue;
      }
      perUnit[route.unit] = (perUnit[route.unit] ?? 0) + 1;
      const assignedAt = new Date(receivedAt.getTime() + (5 + rng() * 25) * 60_000);
      const deadline = new Date(assignedAt.getTime() + (urgent ? 2 : DEADLINE_DAYS) * DAY_MS);
      const assignment = {
        no: 1,
        unitCode: route.unit,
        informed: [],
        assignedAt,
        deadline,
        tokenHash: `year-${code}`,
        tokenSalt: 'year',
        tokenExpiresAt: new Date(deadline.getTime() + 30 * DAY_MS),
      };
      const assigned = { at: assignedAt, type: 'assigned', actor: { kind: 'system', name: 'routing' } };
      // When the unit answers: most within the deadline, one in six after it, a few never.
      const answeredAt = new Date(
        assignedAt.getTime() + (0.1 + rng() * 1.1) * (deadline.getTime() - assignedAt.getTime()),
      );
      const neverAnswered = rng() < 0.02;
      const late = answeredAt.getTime() > deadline.getTime();
      const escalated =
        (late || neverAnswered) && deadline.getTime() < now.getTime()
          ? [{ at: deadline, type: 'escalated', actor: { kind: 'system' }, data: { level: 1 } }]
          : [];
      if (neverAnswered || answeredAt.getTime() > now.getTime()) {
        waiting++;
        if (deadline.getTime() < now.getTime()) overdue++;
        const onCitizen = !neverAnswered && rng() < 0.03;
        const transfer = !onCitizen && rng() < 0.04;
        docs.push({
          ...base,
          status: onCitizen ? 'waiting_citizen' : transfer ? 'transfer_requested' : 'assigned',
          assignment,
          escalation: { level: escalated.length },
          ...(transfer
            ? {
                transferRequest: {
                  reason: 'Không thuộc thẩm quyền',
                  requestedAt: assignedAt,
                  decision: 'pending',
                },
              }
            : {}),
          ...(!onCitizen && !transfer && rng() < 0.03
            ? {
                extensionRequest: {
                  reason: 'Cần xác minh thực địa',
                  proposedDeadline: new Date(deadline.getTime() + 3 * DAY_MS),
                  requestedAt: assignedAt,
                  decision: 'pending',
                },
              }
            : {}),
          next:
            deadline.getTime() < now.getTime()
              ? {
                  action: 'escalate',
                  level: 2,
                  dueAt: new Date(deadline.getTime() + 2 * DAY_MS),
                  seq: 2,
                  assignmentNo: 1,
                }
              : { action: 'escalate', level: 1, dueAt: deadline, seq: 1, assignmentNo: 1 },
          events: [received, assigned, ...escalated],
        });
        continue;
      }
      const answer = {
        text: 'Đơn vị đã kiểm tra và trả lời người dân.',
        responderName: 'Lê Văn Bình',
        answeredAt,
        assignmentNo: 1,
        unitCode: route.unit,
        onTime: !late,
      };
      const answeredEvent = { at: answeredAt, type: 'answered', actor: { kind: 'unit', name: route.unit } };
      const calledBackAt = new Date(answeredAt.getTime() + (2 + rng() * 46) * HOUR_MS);
      if (calledBackAt.getTime() > now.getTime()) {
        docs.push({
          ...base,
          status: 'answered',
          assignment,
          answer,
          escalation: { level: escalated.length },
          next: null,
          events: [received, assigned, ...escalated, answeredEvent],
        });
        continue;
      }
      docs.push({
        ...base,
        status: 'closed',
        assignment,
        answer,
        escalation: { level: escalated.length },
        closure: {
          calledBackAt,
          outcome: pick(rng, OUTCOMES),
          closedAt: calledBackAt,
          closedBy: { name: 'Tổng đài viên' },
        },
        next: null,
        events: [
          received,
          assigned,
          ...escalated,
          answeredEvent,
          { at: calledBackAt, type: 'closed', actor: { kind: 'staff', name: 'Tổng đài viên' } },
        ],
      });
    }
    await Ticket.insertMany(docs, { lean: true });
  }
  // The first and the current month are partly in the year: only whole months compete.
  const partial = new Set([vietnamMonth(new Date(start)), vietnamMonth(now)]);
  const months = Object.entries(perMonth)
    .filter(([month]) => !partial.has(month))
    .sort((a, b) => b[1] - a[1]);
  return {
    tickets: n,
    seconds: (Date.now() - started) / 1000,
    perMonth,
    busiestMonth: months[0]![0],
    quietestMonth: months[months.length - 1]![0],
    busiestUnit: Object.entries(perUnit).sort((a, b) => b[1] - a[1])[0]![0],
    waiting,
    overdue,
  };
}
