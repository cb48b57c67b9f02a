import { Types } from 'mongoose';
import { Ticket } from '../shared/db/models/ticket.model.js';
import { startSmtpSink, type SmtpSink } from '../tools/mail-catcher/smtp-sink.js';

const CATEGORIES = ['heritage', 'tourism', 'library', 'sports', 'museum', 'cinema'];
const BATCH = 500;

function baseTicket(i: number, now: Date) {
  return {
    _id: new Types.ObjectId(),
    code: `1022-2026-${String(i + 1).padStart(6, '0')}`,
    channel: 'phone',
    receivedAt: now,
    citizen: { name: 'Nguyễn Văn An', phone: '+84912345678', anonymous: false },
    category: CATEGORIES[i % CATEGORIES.length],
    subject: `Phản ánh thử tải số ${i}`,
    content: 'Nội dung phản ánh dùng cho đo hiệu năng.',
    priority: 'normal',
    escalation: { level: 0 },
    // insertMany({ lean: true }) applies no schema defaults: what the model would add, added here.
    outbox: [],
    createdAt: now,
    updatedAt: now,
  };
}

/** Stores `n` tickets as intake leaves them (`received`, routing owed), in batches; returns their ids. */
export async function seedReceivedTickets(n: number): Promise<string[]> {
  const now = new Date();
  const ids: string[] = [];
  for (let start = 0; start < n; start += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, n - start) }, (_, k) => ({
      ...baseTicket(start + k, now),
      status: 'received',
      next: { action: 'route', dueAt: now, seq: 0 },
      events: [{ at: now, type: 'received', actor: { kind: 'staff', name: 'bench' } }],
    }));
    await Ticket.insertMany(docs, { lean: true });
    ids.push(...docs.map((doc) => doc._id.toString()));
  }
  return ids;
}

/**
 * Stores tickets already assigned whose next timer is escalation level 1 at `dueAt(i)`, as the route
 * worker leaves them; their deadline is that moment.
 */
export async function seedTicketsDueForEscalation(
  n: number,
  dueAt: (i: number) => Date,
  offset = 0,
): Promise<Array<{ id: string; dueAt: Date }>> {
  const now = new Date();
  const seeded: Array<{ id: string; dueAt: Date }> = [];
  for (let start = 0; start < n; start += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, n - start) }, (_, k) => {
      const i = start + k;
      const due = dueAt(i);
      return {
        ...baseTicket(offset + i, now),
        status: 'assigned',
        assignment: {
          no: 1,
          unitCode: 'QLVH',
          informed: [],
          assignedAt: now,
          deadline: due,
          tokenHash: `bench-${offset + i}`,
          tokenSalt: 'bench',
          tokenExpiresAt: new Date(due.getTime() + 30 * 86_400_000),
        },
        next: { action: 'escalate', level: 1, dueAt: due, seq: 1, assignmentNo: 1 },
        events: [{ at: now, type: 'assigned', actor: { kind: 'system', name: 'bench' } }],
      };
    });
    await Ticket.insertMany(docs, { lean: true });
    seeded.push(...docs.map((doc) => ({ id: doc._id.toString(), dueAt: doc.next.dueAt })));
  }
  return seeded;
}

/** An SMTP server that only records when each Message-ID arrived (no MIME parsing, unlike the mail catcher). */
export interface CountingSink {
  smtpUrl: string;
  /** Message-ID → arrival times (more than one = a duplicate). */
  arrivals: Map<string, number[]>;
  count(predicate: (messageId: string) => boolean): number;
  stop(): Promise<void>;
}

export async function startCountingSink(): Promise<CountingSink> {
  const arrivals = new Map<string, number[]>();
  const sink: SmtpSink = await startSmtpSink({
    host: '127.0.0.1',
    port: 0,
    refusal: () => false,
    accept: async (raw) => {
      const head = raw.subarray(0, Math.min(raw.length, 8192)).toString('latin1');
      const id = /^message-id:\s*<([^>]+)>/im.exec(head)?.[1] ?? '';
      arrivals.set(id, [...(arrivals.get(id) ?? []), Date.now()]);
      return 'OK';
    },
  });
  return {
    smtpUrl: `smtp://127.0.0.1:${sink.port}`,
    arrivals,
    count: (predicate) => [...arrivals.keys()].filter(predicate).length,
    stop: () => sink.close(),
  };
}
