import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { BSON } from 'bson';
import { expect } from 'chai';
import mongoose, { Schema, type Connection } from 'mongoose';
import { startMongoStandin, type MongoStandin } from '../../tools/mongo-standin/index.js';

type Reply = Record<string, unknown> & { ok: number; code?: number; codeName?: string; errmsg?: string };

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the operation to fail');
}

function opMsg(requestId: number, command: Record<string, unknown>, flags = 0): Buffer {
  const body = BSON.serialize(command);
  const message = Buffer.alloc(21 + body.length);
  message.writeInt32LE(message.length, 0);
  message.writeInt32LE(requestId, 4);
  message.writeInt32LE(2013, 12);
  message.writeUInt32LE(flags, 16);
  Buffer.from(body).copy(message, 21);
  return message;
}

/** Reads `count` OP_MSG replies from a raw socket, returning [responseTo, body] pairs. */
async function readReplies(socket: Socket, count: number): Promise<Array<[number, Reply]>> {
  const replies: Array<[number, Reply]> = [];
  let pending = Buffer.alloc(0);
  while (replies.length < count) {
    const [chunk] = (await once(socket, 'data')) as [Buffer];
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
      const length = pending.readInt32LE(0);
      replies.push([pending.readInt32LE(8), BSON.deserialize(pending.subarray(21, length)) as Reply]);
      pending = pending.subarray(length);
    }
  }
  return replies;
}

describe('mongo-standin semantics', () => {
  let standin: MongoStandin;
  let connection: Connection;
  const command = (cmd: Record<string, unknown>) => connection.db!.command(cmd) as Promise<Reply>;

  before(async () => {
    standin = await startMongoStandin();
    connection = await mongoose
      .createConnection(`${standin.uri}standin_test_${randomBytes(6).toString('hex')}`, {
        serverSelectionTimeoutMS: 1000,
      })
      .asPromise();
  });

  after(async () => {
    await connection?.close();
    await standin?.stop();
  });

  it('lets exactly one of 20 concurrent guarded findOneAndUpdate calls claim a document', async () => {
    const Task = connection.model('ClaimTask', new Schema({ state: String, owner: Number }));
    const task = await Task.create({ state: 'open' });
    const attempts = Array.from({ length: 20 }, (_, owner) =>
      Task.findOneAndUpdate(
        { _id: task._id, state: 'open' },
        { $set: { state: 'claimed', owner } },
        { returnDocument: 'after' },
      ),
    );
    const winners = (await Promise.all(attempts)).filter((doc) => doc !== null);
    expect(winners).to.have.length(1);
    expect((await Task.findById(task._id).lean())?.owner).to.equal(winners[0]?.owner);
  });

  it('orders and compares values by BSON type order, numerically across number types', async () => {
    const values = connection.db!.collection<{ v?: unknown; k: string }>('bson_order');
    const id = new mongoose.Types.ObjectId();
    await values.insertMany([
      { k: 'date', v: new Date(0) },
      { k: 'bool', v: false },
      { k: 'oid', v: id },
      { k: 'object', v: { a: 1 } },
      { k: 'string', v: 'abc' },
      { k: 'decimal', v: new mongoose.mongo.Decimal128('2.5') },
      { k: 'number', v: 10 },
      { k: 'null', v: null },
    ]);
    const ascending = await values.find({}, { sort: { v: 1 } }).toArray();
    expect(ascending.map((d) => d.k)).to.deep.equal([
      'null',
      'decimal',
      'number',
      'string',
      'object',
      'oid',
      'bool',
      'date',
    ]);
    expect(await values.countDocuments({ v: { $gt: 2 } })).to.equal(2); // 2.5 (Decimal128) and 10, not 'abc'
    expect(
      await values.countDocuments({ v: { $in: [new mongoose.Types.ObjectId(id.toHexString())] } }),
    ).to.equal(1);
    expect(await values.countDocuments({ v: { $type: 'objectId' } })).to.equal(1);
  });

  it('enforces compound, sparse and partial unique indexes and refuses to build one over duplicates', async () => {
    const compound = connection.db!.collection('unique_compound');
    await compound.createIndex({ a: 1, b: 1 }, { unique: true, name: 'a_b' });
    await compound.insertMany([
      { a: 1, b: 1 },
      { a: 1, b: 2 },
    ]);
    expect((await rejection(compound.insertOne({ a: 1, b: 1 }))).code).to.equal(11000);
    // A missing field is indexed as null, so a second document without a or b collides too.
    await compound.insertOne({ other: 1 });
    expect((await rejection(compound.insertOne({ other: 2 }))).code).to.equal(11000);
    expect((await rejection(compound.createIndex({ a: 1 }, { unique: true }))).code).to.equal(11000);

    const sparse = connection.db!.collection('unique_sparse');
    await sparse.createIndex({ s: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ x: 1 }, { x: 2 }, { s: 'one' }]);
    expect((await rejection(sparse.updateOne({ x: 1 }, { $set: { s: 'one' } }))).code).to.equal(11000);

    const partial = connection.db!.collection('unique_partial');
    await partial.createIndex(
      { p: 1 },
      { unique: true, partialFilterExpression: { live: true }, name: 'p_live' },
    );
    await partial.insertMany([
      { p: 'x', live: false },
      { p: 'x', live: false },
      { p: 'x', live: true },
    ]);
    const error = await rejection(partial.insertOne({ p: 'x', live: true }));
    expect(error.code).to.equal(11000);
    expect(error.message).to.contain('index: p_live dup key: { p: "x" }');

    // Re-creating an identical index is a no-op; the same name with another key is a conflict.
    expect(await compound.createIndex({ a: 1, b: 1 }, { unique: true, name: 'a_b' })).to.equal('a_b');
    expect((await rejection(compound.createIndex({ b: 1 }, { name: 'a_b' }))).code).to.equal(86);
    expect((await compound.indexes()).map((index) => index.name)).to.deep.equal(['_id_', 'a_b']);
  });

  it('reports per-document write errors, respecting ordered', async () => {
    const documents = [{ _id: 1 }, { _id: 1 }, { _id: 2 }];
    const unordered = await command({ insert: 'write_errors', documents, ordered: false });
    expect(unordered.n).to.equal(2);
    const [writeError] = unordered.writeErrors as Array<Record<string, unknown>>;
    expect(writeError).to.include({ index: 1, code: 11000 });
    expect(writeError?.keyValue).to.deep.equal({ _id: 1 });

    const ordered = await command({ insert: 'write_errors_ordered', documents });
    expect(ordered.n).to.equal(1);
    expect(ordered.writeErrors).to.have.length(1);
  });

  it('upserts from the filter equalities, with $setOnInsert, and reports upserted ids', async () => {
    const reply = await command({
      update: 'upserts',
      updates: [
        {
          q: { email: 'a@x', 'profile.kind': 'user', n: { $gt: 1 } },
          u: { $set: { seen: true }, $setOnInsert: { created: 1 } },
          upsert: true,
        },
      ],
    });
    expect(reply).to.include({ n: 1, nModified: 0 });
    const [upserted] = reply.upserted as Array<{ index: number; _id: unknown }>;
    expect(upserted?.index).to.equal(0);
    const doc = await connection.db!.collection('upserts').findOne({}, { projection: { _id: 0 } });
    expect(doc).to.deep.equal({ email: 'a@x', profile: { kind: 'user' }, seen: true, created: 1 });

    await command({
      update: 'upserts',
      updates: [
        { q: { email: 'a@x' }, u: { $set: { seen: false }, $setOnInsert: { created: 2 } }, upsert: true },
      ],
    });
    expect(
      await connection.db!.collection('upserts').findOne({}, { projection: { _id: 0, created: 1, seen: 1 } }),
    ).to.deep.equal({ seen: false, created: 1 });
  });

  it('applies update operators, arrayFilters and pipeline updates, and keeps _id immutable', async () => {
    type Shape = {
      n: number;
      tags: string[];
      items: Array<{ q: number }>;
      gone?: boolean;
      top?: number;
      double?: number;
      at?: Date;
    };
    const coll = connection.db!.collection<Shape>('operators');
    const { insertedId } = await coll.insertOne({
      n: 5,
      tags: ['a'],
      items: [{ q: 1 }, { q: 5 }],
      gone: true,
    });
    await coll.updateOne(
      { _id: insertedId },
      { $inc: { n: 2 }, $addToSet: { tags: { $each: ['a', 'b'] } }, $unset: { gone: '' }, $max: { top: 3 } },
    );
    await coll.updateOne(
      { _id: insertedId },
      { $set: { 'items.$[big].q': 0 } },
      { arrayFilters: [{ 'big.q': { $gt: 2 } }] },
    );
    await coll.updateOne({ _id: insertedId }, [{ $set: { double: { $multiply: ['$n', 2] } } }]);
    await coll.updateOne({ _id: insertedId }, { $pull: { tags: 'a' }, $currentDate: { at: true } });
    const doc = await coll.findOne({ _id: insertedId });
    expect(doc).to.deep.include({ n: 7, tags: ['b'], items: [{ q: 1 }, { q: 0 }], top: 3, double: 14 });
    expect(doc).not.to.have.property('gone');
    expect(doc?.at).to.be.instanceOf(Date);

    const error = await rejection(
      coll.updateOne({ _id: insertedId }, { $set: { _id: new mongoose.Types.ObjectId() } }),
    );
    expect(error.code).to.equal(66);
  });

  it('creates collections on first write, lists and drops them', async () => {
    await connection.db!.collection('made_by_write').insertOne({ x: 1 });
    const listed = await connection.db!.listCollections({ name: 'made_by_write' }).toArray();
    expect(listed.map((c) => c.name)).to.deep.equal(['made_by_write']);
    expect(await connection.db!.collection('made_by_write').drop()).to.equal(true);
    expect(await connection.db!.listCollections({ name: 'made_by_write' }).toArray()).to.deep.equal([]);
  });

  it('runs $lookup, $unwind, $group, $facet and $count pipelines', async () => {
    const db = connection.db!;
    const authors = await db.collection('authors').insertMany([{ name: 'ann' }, { name: 'bob' }]);
    await db.collection('books').insertMany([
      { author: authors.insertedIds[0], tags: ['x', 'y'] },
      { author: authors.insertedIds[0], tags: ['y'] },
      { author: authors.insertedIds[1], tags: [] },
    ]);
    const [result] = await db
      .collection('books')
      .aggregate([
        { $lookup: { from: 'authors', localField: 'author', foreignField: '_id', as: 'by' } },
        { $unwind: '$by' },
        {
          $facet: {
            perAuthor: [{ $group: { _id: '$by.name', books: { $sum: 1 } } }, { $sort: { _id: 1 } }],
            total: [{ $count: 'n' }],
          },
        },
      ])
      .toArray();
    expect(result).to.deep.equal({
      perAuthor: [
        { _id: 'ann', books: 2 },
        { _id: 'bob', books: 1 },
      ],
      total: [{ n: 3 }],
    });
    expect(await db.collection('books').distinct('tags')).to.deep.equal(['x', 'y']);
  });

  it('refuses options it does not implement instead of ignoring them', async () => {
    const reply = await rejection(command({ find: 'anything', filter: {}, collation: { locale: 'en' } }));
    expect(reply.code).to.equal(115);
    expect(reply.message).to.contain("'collation'");
    expect(
      (await rejection(command({ getMore: mongoose.mongo.Long.fromNumber(12345), collection: 'anything' })))
        .code,
    ).to.equal(43);

    // mingo's arithmetic would silently skip Decimal128 values, so the stand-in refuses it.
    const prices = connection.db!.collection('prices');
    await prices.insertOne({ p: new mongoose.mongo.Decimal128('1.10') });
    expect((await rejection(prices.updateOne({}, { $inc: { p: 1 } }))).code).to.equal(115);
    expect(
      (await rejection(prices.aggregate([{ $group: { _id: null, s: { $sum: '$p' } } }]).toArray())).code,
    ).to.equal(115);
  });

  it('frames split and coalesced messages and honours moreToCome', async () => {
    const socket = connect(standin.port, '127.0.0.1');
    await once(socket, 'connect');
    try {
      // Two requests in one packet, the second also flagged moreToCome (no reply expected)...
      socket.write(
        Buffer.concat([opMsg(1, { ping: 1, $db: 'admin' }), opMsg(2, { ping: 1, $db: 'admin' }, 0b10)]),
      );
      // ...then one request dribbled in byte by byte.
      const split = opMsg(3, { buildInfo: 1, $db: 'admin' });
      for (const byte of split) socket.write(Buffer.of(byte));
      const replies = await readReplies(socket, 2);
      expect(replies.map(([responseTo, body]) => [responseTo, body.ok])).to.deep.equal([
        [1, 1],
        [3, 1],
      ]);
      expect(replies[1]?.[1].version).to.equal('7.0.0-standin');
    } finally {
      socket.destroy();
    }
  });
});
