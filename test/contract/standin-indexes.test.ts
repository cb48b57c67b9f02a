import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import mongoose, { type Connection } from 'mongoose';
import { Collection as StandinCollection } from '../../tools/mongo-standin/collection.js';
import { parseIndexSpec } from '../../tools/mongo-standin/index-spec.js';
import { startMongoStandin, type MongoStandin } from '../../tools/mongo-standin/index.js';

type Doc = mongoose.mongo.Document;
// The driver's types refuse $push/$pull on an untyped document.
const untyped = (update: object) => update as unknown as mongoose.mongo.UpdateFilter<Doc>;
const { ObjectId, Long, Decimal128 } = mongoose.mongo;

/** A small deterministic generator, so a failing case can be replayed. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);

/** Documents with everything an index has to get right: mixed types, arrays, missing fields, nulls, paths through arrays. */
function fixtures(count: number): Doc[] {
  const random = generator(7);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const aValues: unknown[] = [
    1,
    2,
    2.5,
    3,
    7,
    -1,
    'a',
    'b',
    'm',
    'z',
    '5',
    day(3),
    day(40),
    true,
    false,
    null,
    undefined, // missing
    [1, 2],
    [3, 'b'],
    [],
    [[1, 2]],
    { x: 1 },
    new ObjectId('64b000000000000000000001'),
  ];
  return Array.from({ length: count }, (_, n) => {
    const a = pick(aValues);
    const doc: Doc = { _id: new ObjectId(), n, b: Math.floor(random() * 4) };
    if (a !== undefined) doc.a = a;
    if (random() < 0.6)
      doc.tags = Array.from({ length: Math.floor(random() * 4) }, () => pick(['x', 'y', 'n', 'o', 'p']));
    if (random() < 0.7)
      doc.c = random() < 0.5 ? { d: Math.floor(random() * 5) } : [{ d: Math.floor(random() * 5) }, { e: 1 }];
    if (random() < 0.3) doc.s = pick(['one', 'two', 3]);
    if (random() < 0.5) doc.at = day(Math.floor(random() * 60));
    return doc;
  });
}

interface Case {
  filter: Doc;
  sort?: Record<string, 1 | -1>;
  limit?: number;
  skip?: number;
}

const when = day(20);
const CASES: Case[] = [
  // equality and $in, across number types and BSON types
  { filter: { a: 2 } },
  { filter: { a: 2.5 } },
  { filter: { a: new Long(3) } },
  { filter: { a: new Decimal128('3') } },
  { filter: { a: '5' } },
  { filter: { a: true } },
  { filter: { a: day(3) } },
  { filter: { a: new ObjectId('64b000000000000000000001') } },
  { filter: { a: { $eq: 'b' } } },
  { filter: { a: { $in: [1, 'z', day(40)] } } },
  { filter: { a: { $in: [] } } },
  // missing fields, null, arrays and embedded documents match whole values
  { filter: { a: null } },
  { filter: { a: { $in: [null, 3] } } },
  { filter: { a: { $exists: false } } },
  { filter: { a: [1, 2] } },
  { filter: { a: { $in: [[1, 2], 7] } } },
  { filter: { a: [] } },
  { filter: { a: { x: 1 } } },
  { filter: { a: { $ne: 2 } } },
  { filter: { a: /^[a-m]$/ } },
  // ranges, with type bracketing
  { filter: { a: { $gt: 2 } } },
  { filter: { a: { $gte: 2, $lt: 7 } } },
  { filter: { a: { $lte: 'm' } } },
  { filter: { a: { $gt: 'a', $lte: 3 } } },
  { filter: { a: { $gte: null } } },
  { filter: { at: { $gte: day(10), $lt: day(30) } } },
  { filter: { at: { $lt: when } } },
  { filter: { a: { $gt: day(1) } } },
  // multikey: arrays and paths through arrays of sub-documents
  { filter: { tags: 'x' } },
  { filter: { tags: { $in: ['x', 'p'] } } },
  { filter: { tags: { $gt: 'n', $lt: 'p' } } },
  { filter: { 'c.d': 3 } },
  { filter: { 'c.d': { $gte: 1, $lte: 2 } } },
  { filter: { 'c.d': null } },
  // compound indexes, conjunctions and disjunctions
  { filter: { b: 2 } },
  { filter: { b: 2, a: { $gt: 1 } } },
  { filter: { b: { $in: [0, 3] }, tags: 'y' } },
  { filter: { $or: [{ a: 1 }, { b: 3 }] } },
  { filter: { $or: [{ a: 1 }, { n: 5 }] } },
  { filter: { $and: [{ b: { $in: [1, 2] } }, { $or: [{ a: { $gt: 2 } }, { tags: 'y' }] }] } },
  { filter: { $and: [{ at: { $gte: day(5) } }, { at: { $lt: day(25) } }] } },
  { filter: { s: 'one' } },
  { filter: { s: { $gte: 'a' } } },
  // sorts with and without limit, along indexes and not
  { filter: {}, sort: { a: 1 }, limit: 10 },
  { filter: {}, sort: { a: -1 }, limit: 10, skip: 3 },
  { filter: {}, sort: { a: 1 } },
  { filter: {}, sort: { tags: 1 }, limit: 25 },
  { filter: {}, sort: { tags: -1 }, limit: 25 },
  { filter: {}, sort: { at: -1, n: -1 }, limit: 15 },
  { filter: { b: 1 }, sort: { at: -1, n: -1 }, limit: 5 },
  { filter: { n: { $gte: 100 } }, sort: { 'c.d': 1 }, limit: 20 },
  { filter: { a: { $gte: 2 } }, sort: { b: -1, a: 1 }, limit: 12 },
  { filter: {}, sort: { s: 1 }, limit: 10 },
];

describe('mongo-standin indexes (same answers as a collection scan)', function () {
  this.timeout(60_000);
  let standin: MongoStandin;
  let connection: Connection;
  const indexed = () => connection.db!.collection<Doc>('indexed');
  const plain = () => connection.db!.collection<Doc>('plain');

  before(async () => {
    standin = await startMongoStandin();
    connection = await mongoose
      .createConnection(`${standin.uri}standin_indexes_${randomBytes(6).toString('hex')}`)
      .asPromise();
    const docs = fixtures(1500);
    // Some indexes exist before the documents, some are built over them.
    await indexed().createIndex({ a: 1 });
    await indexed().createIndex({ tags: 1 });
    await indexed().insertMany(docs.slice(0, 700).map((d) => ({ ...d })));
    await indexed().createIndex({ b: 1, a: -1 });
    await indexed().createIndex({ 'c.d': 1 });
    await indexed().createIndex({ at: -1, n: -1 });
    await indexed().createIndex({ s: 1 }, { sparse: true });
    await indexed().insertMany(docs.slice(700).map((d) => ({ ...d })));
    await plain().insertMany(docs.map((d) => ({ ...d })));
  });

  after(async () => {
    await connection?.close();
    await standin?.stop();
  });

  async function expectSameAnswers(): Promise<void> {
    for (const { filter, sort, limit, skip } of CASES) {
      const read = async (collection: ReturnType<typeof plain>) => {
        let cursor = collection.find(filter);
        if (sort) cursor = cursor.sort(sort);
        if (skip) cursor = cursor.skip(skip);
        if (limit) cursor = cursor.limit(limit);
        return {
          found: await cursor.toArray(),
          count: await collection.countDocuments(filter),
          grouped: await collection
            .aggregate([{ $match: filter }, { $group: { _id: '$b', n: { $sum: 1 } } }, { $sort: { _id: 1 } }])
            .toArray(),
        };
      };
      const [expected, actual] = [await read(plain()), await read(indexed())];
      const label = JSON.stringify({ filter, sort, limit, skip });
      expect(actual.found, label).to.deep.equal(expected.found);
      expect(actual.count, label).to.equal(expected.count);
      expect(actual.grouped, label).to.deep.equal(expected.grouped);
    }
  }

  it('finds, counts, sorts and aggregates exactly what a scan finds, in the same order', async () => {
    await expectSameAnswers();
  });

  it('keeps its indexes right through updates, replacements and deletes of indexed fields', async () => {
    const writes: Array<(c: ReturnType<typeof plain>) => Promise<unknown>> = [
      (c) => c.updateMany({ b: 2 }, { $inc: { b: 1 } }),
      (c) => c.updateMany({ a: 3 }, { $set: { a: 'moved' } }),
      (c) => c.updateMany({ n: { $lt: 200 } }, untyped({ $push: { tags: 'p' } })),
      (c) => c.updateMany({ tags: 'x' }, untyped({ $pull: { tags: 'x' } })),
      (c) => c.updateMany({ n: { $mod: [7, 0] } }, { $unset: { a: '' } }),
      (c) => c.updateMany({ n: { $mod: [11, 0] } }, { $set: { at: day(45), c: { d: 9 } } }),
      (c) => c.replaceOne({ n: 10 }, { n: 10, a: 2, b: 0, tags: ['y'] }),
      (c) => c.deleteMany({ a: { $in: ['b', false] } }),
      (c) => c.findOneAndUpdate({ a: { $gte: 2 } }, { $set: { a: -5 } }, { sort: { a: -1 } }),
      (c) => c.findOneAndUpdate({}, { $set: { at: day(-1) } }, { sort: { at: -1, n: -1 } }),
      (c) =>
        c.insertOne({ _id: new ObjectId('64b0000000000000000000ff'), n: 5000, a: 2, b: 1, tags: ['x', 'x'] }),
    ];
    for (const write of writes) {
      await write(plain());
      await write(indexed());
    }
    await expectSameAnswers();
  });

  it('still refuses duplicates of a unique index, leaving the index as it was', async () => {
    const unique = connection.db!.collection<Doc>('unique_indexed');
    await unique.createIndex({ u: 1 }, { unique: true });
    await unique.insertMany([{ u: 1 }, { u: 2 }, { u: [3, 4] }]);
    expect(await unique.insertOne({ u: 1 }).catch((e: { code?: number }) => e.code)).to.equal(11000);
    expect(await unique.insertOne({ u: 4 }).catch((e: { code?: number }) => e.code)).to.equal(11000);
    expect(
      await unique.updateOne({ u: 2 }, { $set: { u: 3 } }).catch((e: { code?: number }) => e.code),
    ).to.equal(11000);
    expect(await unique.countDocuments({ u: 2 })).to.equal(1);
    expect(await unique.countDocuments({ u: 3 })).to.equal(1);
    expect(
      await unique
        .find({}, { projection: { _id: 0 } })
        .sort({ u: 1 })
        .toArray(),
    ).to.deep.equal([{ u: 1 }, { u: 2 }, { u: [3, 4] }]);
  });

  it('reads an index instead of every document for equality, ranges, $in and $or on indexed fields', () => {
    const collection = new StandinCollection('db', 'c');
    collection.createIndex(parseIndexSpec({ key: { k: 1 }, name: 'k_1' }));
    collection.createIndex(parseIndexSpec({ key: { at: -1, _id: -1 }, name: 'at' }));
    for (let n = 0; n < 2000; n++) collection.insert({ _id: n, k: n % 100, at: day(n % 365) });
    expect(collection.candidates({ k: 5 })).to.have.length(20);
    expect(collection.candidates({ k: { $in: [1, 2] } })).to.have.length(40);
    expect(collection.candidates({ k: { $gte: 10, $lt: 12 } })).to.have.length(40);
    expect(collection.candidates({ $or: [{ k: 1 }, { at: day(3) }] })).to.have.length(26);
    expect(collection.candidates({ $or: [{ k: 1 }, { other: 3 }] })).to.equal(undefined);
    expect(collection.candidates({ k: { $ne: 1 } })).to.equal(undefined);
    expect(collection.findSorted({}, { at: -1, _id: -1 }, 3)?.map((d) => d._id)).to.deep.equal([
      1824, 1459, 1094,
    ]);
  });
});
