import { expect } from 'chai';
import mongoose, { type Connection } from 'mongoose';
import { startMongoStandin, type MongoStandin } from '../../tools/mongo-standin/index.js';

/**
 * Inclusion projections, which the stand-in walks itself (issue 21: mingo's copy of every document
 * was most of a dashboard read): the same answers MongoDB gives. With MONGODB_URI set, the same
 * cases run against that server.
 */
describe('mongo-standin inclusion projections (as MongoDB)', () => {
  let standin: MongoStandin | undefined;
  let connection: Connection;

  before(async () => {
    const external = process.env.MONGODB_URI;
    if (!external) standin = await startMongoStandin();
    connection = await mongoose
      .createConnection(external ?? standin!.uri, { dbName: `projection_${Date.now()}` })
      .asPromise();
  });

  after(async () => {
    await connection?.db?.dropDatabase().catch(() => undefined);
    await connection?.close();
    await standin?.stop();
  });

  it('keeps included fields in document order, through sub-documents and arrays of them', async () => {
    const collection = connection.db!.collection('docs');
    await collection.insertOne({
      _id: 1 as never,
      b: 2,
      a: { y: 1, x: 2, z: 3 },
      list: [
        { t: 'p', at: 1, data: { level: 2, secret: 's' } },
        5,
        { at: 2 },
        [{ t: 'q', other: 1 }],
        { data: 3 },
      ],
      empty: { q: 1 },
      scalar: 7,
    });
    const projected = await collection.findOne(
      {},
      {
        projection: {
          'list.t': 1,
          'list.data.level': 1,
          'a.x': 1,
          'a.y': 1,
          b: 1,
          'empty.none': 1,
          'scalar.deep': 1,
        },
      },
    );
    expect(projected).to.deep.equal({
      _id: 1,
      b: 2,
      a: { y: 1, x: 2 },
      list: [{ t: 'p', data: { level: 2 } }, {}, [{ t: 'q' }], {}],
      empty: {},
    });
    expect(Object.keys(projected!)).to.deep.equal(['_id', 'b', 'a', 'list', 'empty']);
    expect(await collection.findOne({}, { projection: { _id: 0, b: 1 } })).to.deep.equal({ b: 2 });
    expect(await collection.findOne({}, { projection: { _id: 1 } })).to.deep.equal({ _id: 1 });
    expect(Object.keys((await collection.findOne({}, { projection: { _id: 0 } }))!)).to.deep.equal([
      'b',
      'a',
      'list',
      'empty',
      'scalar',
    ]);
  });
});
