import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { useFreshDatabase } from '../support/database.js';

/**
 * What MongoDB does with updates and queries that the offline stand-in once answered differently
 * (issue 22, found by running mongoose's own tests against it). Run against the ladder's server:
 * with MONGODB_URI set these cases show that MongoDB agrees.
 */
describe('MongoDB update and query semantics (against whatever MongoDB the ladder yields)', function () {
  this.timeout(30_000);
  let drop: () => Promise<void>;
  let n = 0;
  before(async () => {
    drop = await useFreshDatabase('update_semantics');
  });
  after(async () => drop());

  type Document = mongoose.mongo.Document;
  type Collection = mongoose.mongo.Collection;
  const freshCollection = (): Collection => mongoose.connection.db!.collection(`c${++n}`);
  // The driver's types refuse array operators on untyped documents; MongoDB decides here.
  const untyped = (update: Document) => update as mongoose.mongo.UpdateFilter<Document>;

  async function serverError(promise: Promise<unknown>): Promise<{ code?: number; message: string }> {
    try {
      await promise;
    } catch (error) {
      return error as { code?: number; message: string };
    }
    throw new Error('expected MongoDB to refuse the operation');
  }

  async function storedWithoutId(coll: Collection, id: unknown): Promise<Document | null> {
    return coll.findOne({ _id: id } as Document, { projection: { _id: 0 } });
  }

  describe('an invalid update changes nothing', () => {
    it('refuses $inc on a string (14 TypeMismatch) and leaves the $set beside it unapplied', async () => {
      const coll = freshCollection();
      const { insertedId } = await coll.insertOne({ n: 'three', state: 'open' });
      const error = await serverError(
        coll.updateOne({ _id: insertedId }, { $set: { state: 'done' }, $inc: { n: 1 } }),
      );
      expect(error.code).to.equal(14);
      expect(error.message).to.contain('Cannot apply $inc to a value of non-numeric type');
      expect(await storedWithoutId(coll, insertedId)).to.deep.equal({ n: 'three', state: 'open' });
    });

    it('refuses $inc on a counter that is null', async () => {
      const coll = freshCollection();
      const { insertedId } = await coll.insertOne({ attempts: null, state: 'open' });
      const error = await serverError(
        coll.findOneAndUpdate({ _id: insertedId }, { $inc: { attempts: 1 }, $set: { state: 'sending' } }),
      );
      expect(error.code).to.equal(14);
      expect(await storedWithoutId(coll, insertedId)).to.deep.equal({ attempts: null, state: 'open' });
    });

    it('refuses $push onto null or a string (2 BadValue) and applies nothing else', async () => {
      const coll = freshCollection();
      const { insertedId } = await coll.insertOne({ events: null, tags: 'x', seq: 1 });
      const onNull = await serverError(
        coll.updateOne({ _id: insertedId }, untyped({ $push: { events: { at: 1 } }, $inc: { seq: 1 } })),
      );
      expect(onNull.code).to.equal(2);
      expect(onNull.message).to.contain("The field 'events' must be an array but is of type null");
      const onString = await serverError(
        coll.updateOne({ _id: insertedId }, untyped({ $push: { tags: 'y' }, $inc: { seq: 1 } })),
      );
      expect(onString.code).to.equal(2);
      expect(await storedWithoutId(coll, insertedId)).to.deep.equal({ events: null, tags: 'x', seq: 1 });
    });

    it('refuses $set through a field that is null or an array of sub-documents (28 PathNotViable)', async () => {
      const coll = freshCollection();
      const { insertedId } = await coll.insertOne({
        next: null,
        comments: [{ body: 'a' }, { body: 'b' }],
        seq: 1,
      });
      const underNull = await serverError(
        coll.updateOne({ _id: insertedId }, { $set: { 'next.seq': 2, seq: 2 } }),
      );
      expect(underNull.code).to.equal(28);
      expect(underNull.message).to.contain("Cannot create field 'seq' in element {next: null}");
      const intoArray = await serverError(
        coll.updateOne({ _id: insertedId }, { $set: { 'comments.body': 'c', seq: 3 } }),
      );
      expect(intoArray.code).to.equal(28);
      expect(intoArray.message).to.contain("Cannot create field 'body' in element {comments:");
      expect(await storedWithoutId(coll, insertedId)).to.deep.equal({
        next: null,
        comments: [{ body: 'a' }, { body: 'b' }],
        seq: 1,
      });
    });

    it('stops a multi-document update at the first refused document, keeping the ones already changed', async () => {
      const coll = freshCollection();
      await coll.insertMany([
        { _id: 1, n: 1 },
        { _id: 2, n: 'two' },
        { _id: 3, n: 3 },
      ] as Document[]);
      const error = await serverError(coll.updateMany({}, { $inc: { n: 10 } }));
      expect(error.code).to.equal(14);
      expect(await coll.find({}, { sort: { _id: 1 } }).toArray()).to.deep.equal([
        { _id: 1, n: 11 },
        { _id: 2, n: 'two' },
        { _id: 3, n: 3 },
      ]);
    });

    it('refuses an update whose result is larger than 16 MiB and keeps the document as it was', async () => {
      const coll = freshCollection();
      const nineMiB = 'x'.repeat(9 * 1024 * 1024);
      const { insertedId } = await coll.insertOne({ a: nineMiB });
      const error = await serverError(coll.updateOne({ _id: insertedId }, { $set: { b: nineMiB } }));
      expect(error.code).to.equal(10334);
      const stored = await coll.findOne(
        { _id: insertedId },
        { projection: { hasB: { $ifNull: ['$b', false] } } },
      );
      expect(stored?.hasB).to.equal(false);
    });
  });

  describe('positional operators are resolved once per update', () => {
    it('applies every `$` path even when the first one changes the field the query matched', async () => {
      const coll = freshCollection();
      const at = new Date(Date.UTC(2026, 11, 1));
      const { insertedId } = await coll.insertOne({ kids: [{ name: 'an' }, { name: 'bo' }] });
      await coll.updateOne(
        { _id: insertedId, 'kids.name': 'bo' },
        { $set: { 'kids.$.name': 'bi', 'kids.$.at': at } },
      );
      expect((await storedWithoutId(coll, insertedId))?.kids).to.deep.equal([
        { name: 'an' },
        { name: 'bi', at },
      ]);
    });

    it('keeps the positional timestamp mongoose adds to an updated array element', async () => {
      let clock = new Date(Date.UTC(2026, 11, 1, 8));
      const Kid = new Schema({ name: String }, { timestamps: true });
      const clocked = { timestamps: { currentTime: () => clock } };
      const Parent = mongoose.model('SemanticsParent', new Schema({ kids: [Kid] }, clocked));
      const parent = await Parent.create({ kids: [{ name: 'an' }] });
      clock = new Date(clock.getTime() + 60_000);
      // mongoose sends $set { 'kids.$.name', 'kids.$.updatedAt' }: two paths through one `$`.
      const found = await Parent.findOneAndUpdate(
        { _id: parent._id, 'kids.name': 'an' },
        { $set: { 'kids.$.name': 'bi' } },
        { returnDocument: 'after' },
      ).lean();
      expect(found?.kids[0]?.name).to.equal('bi');
      expect((found?.kids[0] as { updatedAt?: Date }).updatedAt?.getTime()).to.equal(clock.getTime());
      mongoose.deleteModel('SemanticsParent');
    });

    it('applies every path of one array filter even when the first changes the filtered field', async () => {
      const coll = freshCollection();
      const { insertedId } = await coll.insertOne({
        arr: [
          { s: 'new', n: 0 },
          { s: 'old', n: 0 },
        ],
      });
      await coll.updateOne(
        { _id: insertedId },
        { $set: { 'arr.$[e].s': 'done' }, $inc: { 'arr.$[e].n': 1 } },
        { arrayFilters: [{ 'e.s': 'new' }] },
      );
      expect((await storedWithoutId(coll, insertedId))?.arr).to.deep.equal([
        { s: 'done', n: 1 },
        { s: 'old', n: 0 },
      ]);
    });

    it('refuses an array filter whose identifier the update does not use (9 FailedToParse)', async () => {
      const coll = freshCollection();
      const { insertedId } = await coll.insertOne({ arr: [{ s: 'new' }] });
      const error = await serverError(
        coll.updateOne(
          { _id: insertedId },
          { $set: { 'arr.$[e].s': 'done' } },
          { arrayFilters: [{ 'e.s': 'new' }, { 'f.s': 'x' }] },
        ),
      );
      expect(error.code).to.equal(9);
      expect(error.message).to.contain("The array filter for identifier 'f' was not used in the update");
      expect((await storedWithoutId(coll, insertedId))?.arr).to.deep.equal([{ s: 'new' }]);
    });
  });

  describe('array operators and queries', () => {
    it('pulls the elements matching an $or or $and condition', async () => {
      const coll = freshCollection();
      const { insertedId } = await coll.insertOne({
        arr: [
          { a: 1, b: 1 },
          { a: 2, b: 2 },
          { a: 3, b: 3 },
        ],
      });
      await coll.updateOne({ _id: insertedId }, untyped({ $pull: { arr: { $or: [{ a: 1 }, { b: 3 }] } } }));
      expect((await storedWithoutId(coll, insertedId))?.arr).to.deep.equal([{ a: 2, b: 2 }]);
      await coll.updateOne({ _id: insertedId }, untyped({ $pull: { arr: { $and: [{ a: 2 }, { b: 2 }] } } }));
      expect((await storedWithoutId(coll, insertedId))?.arr).to.deep.equal([]);
    });

    it("removes a sub-document with mongoose's doc.arr.pull(subdoc)", async () => {
      const Item = new Schema({ label: String }, { _id: false });
      const List = mongoose.model('SemanticsList', new Schema({ items: [Item] }));
      const list = await List.create({ items: [{ label: 'a' }, { label: 'b' }] });
      list.items.pull(list.items[0]);
      await list.save();
      expect((await List.findById(list._id).lean())?.items).to.deep.equal([{ label: 'b' }]);
      mongoose.deleteModel('SemanticsList');
    });

    it('treats $all against a field that is not an array as equality', async () => {
      const coll = freshCollection();
      await coll.insertMany([{ tag: 'x' }, { tag: 'y' }, { tag: ['x', 'y'] }]);
      expect(await coll.countDocuments({ tag: { $all: ['x'] } })).to.equal(2);
      expect(await coll.countDocuments({ tag: { $all: ['x', 'y'] } })).to.equal(1);
    });

    it('projects the first element matching an $elemMatch written only with operators', async () => {
      const coll = freshCollection();
      const { insertedId } = await coll.insertOne({ title: 't', ids: [1, 5, 9] });
      const found = await coll.findOne(
        { _id: insertedId },
        { projection: { _id: 0, ids: { $elemMatch: { $gt: 4 } } } },
      );
      expect(found).to.deep.equal({ ids: [5] });
    });

    it('allows a $slice projection beside an exclusion', async () => {
      const coll = freshCollection();
      const { insertedId } = await coll.insertOne({ name: 'n', secret: 's', arr: [1, 2, 3] });
      const found = await coll.findOne(
        { _id: insertedId },
        { projection: { _id: 0, secret: 0, arr: { $slice: 1 } } },
      );
      expect(found).to.deep.equal({ name: 'n', arr: [1] });
    });

    it('stores a field named __proto__ as a field', async () => {
      const coll = freshCollection();
      const { insertedId } = await coll.insertOne({ path: {} });
      const value: Document = {};
      Object.defineProperty(value, '__proto__', { value: 'abcd', enumerable: true });
      await coll.updateOne({ _id: insertedId }, { $set: { path: value } });
      const path = (await coll.findOne({ _id: insertedId }))?.path as Document;
      expect(Object.hasOwn(path, '__proto__')).to.equal(true);
      expect(Object.getOwnPropertyDescriptor(path, '__proto__')?.value).to.equal('abcd');
    });
  });

  describe('hints, pipelines and field names', () => {
    it('refuses a hint that names no index (2 BadValue)', async () => {
      const coll = freshCollection();
      await coll.insertOne({ n: 1 });
      const byKey = await serverError(coll.find({}).hint({ nothing: 1 }).toArray());
      expect(byKey.code).to.equal(2);
      expect(byKey.message).to.contain('hint provided does not correspond to an existing index');
      const byName = await serverError(coll.updateOne({}, { $set: { m: 1 } }, { hint: 'no_such_index' }));
      expect(byName.code).to.equal(2);
      expect(await coll.countDocuments({ m: 1 })).to.equal(0);
    });

    it('returns documents in the order of the hinted index', async () => {
      const coll = freshCollection();
      await coll.createIndex({ n: -1 }, { name: 'n_desc' });
      await coll.insertMany([{ n: 2 }, { n: 3 }, { n: 1 }]);
      const found = await coll
        .find({}, { projection: { _id: 0 } })
        .hint('n_desc')
        .toArray();
      expect(found).to.deep.equal([{ n: 3 }, { n: 2 }, { n: 1 }]);
    });

    it('refuses an unknown pipeline stage with 40324', async () => {
      const coll = freshCollection();
      await coll.insertOne({ n: 1 });
      const error = await serverError(coll.aggregate([{ $match: {} }, { $fakeStage: {} }]).toArray());
      expect(error.code).to.equal(40324);
      expect(error.message).to.contain("Unrecognized pipeline stage name: '$fakeStage'");
    });

    it('accepts a $-prefixed top-level field on an inserting upsert, not on an existing document', async () => {
      const coll = freshCollection();
      const _id = new mongoose.Types.ObjectId();
      await coll.updateOne({ _id }, { $set: { $each: { count: 42 } } }, { upsert: true });
      expect(await storedWithoutId(coll, _id)).to.deep.equal({ $each: { count: 42 } });
      const error = await serverError(coll.updateOne({ _id }, { $set: { $each: { count: 43 } } }));
      expect(error.code).to.equal(52);
      await coll.updateOne({ _id }, { $set: { 'preferences.$each': 1 } });
      expect(await storedWithoutId(coll, _id)).to.deep.equal({
        $each: { count: 42 },
        preferences: { $each: 1 },
      });
    });
  });
});
