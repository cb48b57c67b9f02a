import { expect } from 'chai';
import mongoose from 'mongoose';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { nextSequenceValue } from '../../shared/db/models/counter.model.js';
import { testMongoKind, useFreshDatabase } from '../support/database.js';

/**
 * The data layer's contract, run against whatever the MongoDB ladder yields: with MONGODB_URI set it
 * runs against real MongoDB, which is how anyone can show the offline stand-in behaves the same.
 */
describe("data layer contract (against whatever MongoDB the ladder yields)", function () {
  this.timeout(30_000);
  let drop: () => Promise<void>;
  before(async () => {
    drop = await useFreshDatabase('contract');
  });
  after(async () => drop());

  const base = (n: number, fields: Record<string, unknown> = {}) => ({
    code: `1022-2026-${String(n).padStart(6, '0')}`,
    channel: 'phone' as const,
    receivedAt: new Date(Date.UTC(2026, 0, 1) + n * 3600_000),
    category: n % 2 === 0 ? 'heritage' : 'tourism',
    subject: `Phiếu ${n}`,
    content: 'Nội dung',
    status: 'received' as const,
    ...fields,
  });

  it('refuses a second ticket with the same code with a duplicate-key error (11000)', async () => {
    await Ticket.create(base(1));
    const error = await Ticket.create(base(1)).catch((e: unknown) => e);
    expect((error as { code?: number }).code).to.equal(11000);
    expect(String((error as Error).message)).to.match(/E11000 duplicate key error collection: .*tickets index: code_1 dup key/);
  });

  it('enforces the partial unique idempotency index only where a key is set', async () => {
    await Ticket.create(base(2), base(3));
    await Ticket.create(base(4, { idempotencyKey: 'op1:abc' }));
    const error = await Ticket.create(base(5, { idempotencyKey: 'op1:abc' })).catch((e: unknown) => e);
    expect((error as { code?: number }).code).to.equal(11000);
  });

  it('lets exactly one of 20 concurrent guarded findOneAndUpdate calls win', async () => {
    const { _id } = await Ticket.create(base(10));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        Ticket.findOneAndUpdate(
          { _id, status: 'received' },
          { $set: { status: 'assigned', 'escalation.level': i }, $push: { events: { at: new Date(), type: `claim-${i}`, actor: { kind: 'system' } } } },
          { returnDocument: 'after', lean: true },
        ),
      ),
    );
    expect(results.filter(Boolean)).to.have.length(1);
    const stored = await Ticket.findById(_id).lean();
    expect(stored?.events).to.have.length(1);
  });

  it('applies every field of an update whose filter guards a field the update changes', async () => {
    const { _id } = await Ticket.create(base(11, { next: { action: 'route', dueAt: new Date(), seq: 0 } }));
    const updated = await Ticket.findOneAndUpdate(
      { _id, status: 'received' },
      { $set: { status: 'assigned', next: { action: 'remind', dueAt: new Date(), seq: 1, assignmentNo: 1 }, 'escalation.level': 0 } },
      { returnDocument: 'after', lean: true },
    );
    expect(updated?.status).to.equal('assigned');
    expect(updated?.next?.seq).to.equal(1);
  });

  it('updates two fields of one array element through one filtered positional operator', async () => {
    const now = new Date();
    const mail = { key: 'assign-1', kind: 'assign', messageId: 'm@x', notBefore: now, createdAt: now, attempts: 0 };
    const { _id } = await Ticket.create(base(12, { outbox: [mail, { ...mail, key: 'remind-1' }] }));
    await Ticket.updateOne(
      { _id },
      { $set: { 'outbox.$[m].sendingUntil': now }, $inc: { 'outbox.$[m].attempts': 1 } },
      { arrayFilters: [{ 'm.key': 'remind-1' }] },
    );
    const stored = await Ticket.findById(_id).lean();
    expect(stored?.outbox.map((m) => m.attempts)).to.deep.equal([0, 1]);
    expect(stored?.outbox[1]?.sendingUntil?.getTime()).to.equal(now.getTime());
  });

  it('pages a cursor past the first batch of 101 documents', async () => {
    await Ticket.insertMany(Array.from({ length: 250 }, (_, i) => base(1000 + i)));
    let seen = 0;
    for await (const _ of Ticket.find({ code: { $gte: '1022-2026-001000' } }).lean().cursor()) seen++;
    expect(seen).to.equal(250);
  });

  it('finds tickets in a date range, sorted', async () => {
    const from = new Date(Date.UTC(2026, 0, 1) + 1010 * 3600_000);
    const to = new Date(Date.UTC(2026, 0, 1) + 1019 * 3600_000);
    const found = await Ticket.find({ receivedAt: { $gte: from, $lt: to } }).sort({ receivedAt: -1 }).lean();
    expect(found.map((t) => t.code)).to.deep.equal(
      Array.from({ length: 9 }, (_, i) => `1022-2026-${String(1018 - i).padStart(6, '0')}`),
    );
  });

  it('aggregates with $match, $group, $sort and $facet', async () => {
    const [result] = await Ticket.aggregate<{ byCategory: Array<{ _id: string; n: number }>; total: Array<{ n: number }> }>([
      { $match: { code: { $gte: '1022-2026-001000' } } },
      {
        $facet: {
          byCategory: [{ $group: { _id: '$category', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
          total: [{ $count: 'n' }],
        },
      },
    ]);
    expect(result?.byCategory).to.deep.equal([
      { _id: 'heritage', n: 125 },
      { _id: 'tourism', n: 125 },
    ]);
    expect(result?.total).to.deep.equal([{ n: 250 }]);
  });

  it('hands out sequence numbers once each under concurrency', async () => {
    const numbers = await Promise.all(Array.from({ length: 30 }, () => nextSequenceValue('contract-seq')));
    expect(new Set(numbers).size).to.equal(30);
    expect(Math.max(...numbers)).to.equal(30);
  });

  it('fails loudly on a command the server does not support', async function () {
    if (testMongoKind() !== 'standin') this.skip();
    const error = await mongoose.connection.db!.command({ collMod: 'tickets' }).catch((e: unknown) => e);
    expect((error as { code?: number }).code).to.equal(59);
    expect(String((error as Error).message)).to.contain('collMod');
  });
});
