import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { expect } from 'chai';
import mongoose, { Schema, type Connection } from 'mongoose';
import { startMongoStandin, type MongoStandin } from '../../tools/mongo-standin/index.js';

const uniqueDbName = () => `standin_test_${randomBytes(6).toString('hex')}`;

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the operation to fail');
}

describe('mongo-standin through mongoose (wire protocol contract)', () => {
  let standin: MongoStandin;
  let connection: Connection;

  before(async () => {
    standin = await startMongoStandin();
    connection = await mongoose
      .createConnection(standin.uri + uniqueDbName(), {
        serverSelectionTimeoutMS: 1000,
        heartbeatFrequencyMS: 500,
        monitorCommands: true,
      })
      .asPromise();
  });

  after(async () => {
    await connection?.close();
    await standin?.stop();
  });

  it('round-trips ObjectId, Date, Decimal128 and nested values through model operations', async () => {
    const Item = connection.model(
      'RoundTrip',
      new Schema({
        title: String,
        owner: Schema.Types.ObjectId,
        due: Date,
        price: Schema.Types.Decimal128,
        meta: { tags: [String], nested: { level: Number } },
      }),
    );
    const owner = new mongoose.Types.ObjectId();
    const due = new Date('2030-01-02T03:04:05.678Z');
    const created = await Item.create({
      title: 'a',
      owner,
      due,
      price: '19.99',
      meta: { tags: ['x'], nested: { level: 1 } },
    });

    const found = await Item.findById(created._id).lean().orFail();
    expect(found._id.toHexString()).to.equal(created._id.toHexString());
    expect(found.owner?.toHexString()).to.equal(owner.toHexString());
    expect(found.due?.toISOString()).to.equal(due.toISOString());
    expect(found.price?.toString()).to.equal('19.99');
    expect(found.meta).to.deep.equal({ tags: ['x'], nested: { level: 1 } });

    expect(await Item.countDocuments({ owner: new mongoose.Types.ObjectId(owner.toHexString()) })).to.equal(
      1,
    );
    expect(
      await Item.countDocuments({
        due: { $gt: new Date(due.getTime() - 1), $lt: new Date(due.getTime() + 1) },
      }),
    ).to.equal(1);
    expect(await Item.countDocuments({ due: { $gt: due } })).to.equal(0);

    await Item.updateOne(
      { _id: created._id },
      { $set: { 'meta.nested.level': 2 }, $push: { 'meta.tags': 'y' } },
    );
    const updated = await Item.findOneAndUpdate(
      { owner },
      { $set: { title: 'b' } },
      { returnDocument: 'after' },
    )
      .lean()
      .orFail();
    expect(updated.title).to.equal('b');
    expect(updated.meta).to.deep.equal({ tags: ['x', 'y'], nested: { level: 2 } });

    await Item.deleteOne({ _id: created._id });
    expect(await Item.findById(created._id)).to.equal(null);
  });

  it('hands out cursors in real batches via getMore for find and aggregate', async () => {
    const Row = connection.model('BatchRow', new Schema({ n: Number }));
    await Row.insertMany(Array.from({ length: 250 }, (_, n) => ({ n })));

    /** Iterates a cursor and returns the documents seen and the size of every batch the server sent. */
    const iterate = async (cursor: AsyncIterable<{ n?: number | null }>) => {
      const batches: number[] = [];
      const onReply = (event: {
        commandName: string;
        reply: { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } };
      }) => {
        const batch = event.reply.cursor?.firstBatch ?? event.reply.cursor?.nextBatch;
        if (['find', 'aggregate', 'getMore'].includes(event.commandName) && batch) batches.push(batch.length);
      };
      connection.getClient().on('commandSucceeded', onReply);
      const seen: number[] = [];
      try {
        for await (const doc of cursor) seen.push(doc.n as number);
      } finally {
        connection.getClient().off('commandSucceeded', onReply);
      }
      return { seen, batches };
    };

    const viaFind = await iterate(Row.find().sort({ n: 1 }).batchSize(50).cursor());
    expect(viaFind.seen).to.deep.equal(Array.from({ length: 250 }, (_, n) => n));
    expect(viaFind.batches).to.deep.equal([50, 50, 50, 50, 50]);

    const pipeline = [{ $match: {} }, { $sort: { n: -1 as const } }];
    const viaAggregate = await iterate(
      Row.aggregate<{ n: number }>(pipeline).option({ batchSize: 50 }).cursor({ batchSize: 50 }),
    );
    expect(viaAggregate.seen).to.have.length(250);
    expect(viaAggregate.seen[0]).to.equal(249);
    expect(viaAggregate.batches).to.deep.equal([50, 50, 50, 50, 50]);

    // With only cursor({ batchSize }) the driver sends getMore without a batchSize, and, as
    // MongoDB does, the stand-in then returns everything that is left.
    const firstBatchOnly = await iterate(Row.aggregate<{ n: number }>(pipeline).cursor({ batchSize: 50 }));
    expect(firstBatchOnly.seen).to.have.length(250);
    expect(firstBatchOnly.batches).to.deep.equal([50, 200]);

    // Without any batchSize the first batch holds 101 documents.
    const byDefault = await iterate(Row.find().cursor());
    expect(byDefault.seen).to.have.length(250);
    expect(byDefault.batches).to.deep.equal([101, 149]);
  });

  it('rejects commands it does not implement with MongoDB CommandNotFound (59), naming them', async () => {
    for (const command of [{ fooBar: 1 }, { collMod: 'x' }]) {
      const error = await rejection(connection.db!.command(command));
      expect(error.code).to.equal(59);
      expect(error.codeName).to.equal('CommandNotFound');
      expect(error.message).to.contain(`'${Object.keys(command)[0]}'`);
    }
  });

  it('reports duplicate keys of a unique index with code 11000 on insert and findOneAndUpdate', async () => {
    const Account = connection.model('DupAccount', new Schema({ email: { type: String, unique: true } }));
    await Account.init();
    await Account.create({ email: 'a@example.org' });
    const other = await Account.create({ email: 'b@example.org' });

    const onInsert = await rejection(Account.create({ email: 'a@example.org' }));
    expect(onInsert.code).to.equal(11000);
    expect(onInsert.keyValue).to.deep.equal({ email: 'a@example.org' });
    expect(onInsert.message).to.match(
      /E11000 duplicate key error collection: \S+\.dupaccounts index: email_1 dup key: \{ email: "a@example.org" \}/,
    );

    const onUpdate = await rejection(
      Account.findOneAndUpdate({ _id: other._id }, { email: 'a@example.org' }),
    );
    expect(onUpdate.code).to.equal(11000);
    expect(onUpdate.keyPattern).to.deep.equal({ email: 1 });
    expect((await Account.findById(other._id).lean())?.email).to.equal('b@example.org');
  });

  it('fails operations while suspended and serves the same data after resume()', async () => {
    const Note = connection.model('SuspendNote', new Schema({ text: String }));
    await Note.create({ text: 'kept' });

    await standin.suspend();
    const error = await rejection(Note.findOne({ text: 'kept' }));
    expect(error.name).to.match(/MongoServerSelectionError|MongoNetworkError|MongooseServerSelectionError/);

    await standin.resume();
    const found = await Note.findOne({ text: 'kept' }).lean();
    expect(found?.text).to.equal('kept');
  });

  it('drops a connection that sends garbage without affecting other clients', async () => {
    const Probe = connection.model('GarbageProbe', new Schema({ v: Number }));
    await Probe.create({ v: 1 });

    // Random bytes, then end: whatever the first four bytes claim, the socket gets closed.
    const random = connect(standin.port, '127.0.0.1');
    await once(random, 'connect');
    random.end(randomBytes(4096));
    await once(random, 'close');

    // A correctly framed OP_MSG whose body is garbage: the stand-in itself closes the socket.
    const framed = connect(standin.port, '127.0.0.1');
    await once(framed, 'connect');
    const message = Buffer.concat([Buffer.alloc(16), randomBytes(64)]);
    message.writeInt32LE(message.length, 0);
    message.writeInt32LE(2013, 12);
    message.writeUInt32LE(0, 16); // no flag bits
    message[20] = 0; // body section...
    message.writeInt32LE(1_000_000, 21); // ...claiming far more bytes than the message has
    framed.write(message);
    await once(framed, 'close');

    expect(await Probe.countDocuments({ v: 1 })).to.equal(1);
  });

  it('stops cleanly while mongoose is connected (after closing mongoose), and stop() is idempotent', async () => {
    const other = await startMongoStandin();
    const client = await mongoose
      .createConnection(other.uri + uniqueDbName(), { serverSelectionTimeoutMS: 1000 })
      .asPromise();
    await client.model('StopProbe', new Schema({ v: Number })).create({ v: 1 });
    await client.close();
    await other.stop();
    await other.stop();

    const refused = connect(other.port, '127.0.0.1');
    const [error] = (await once(refused, 'error')) as [NodeJS.ErrnoException];
    expect(error.code).to.equal('ECONNREFUSED');
  });
});
