import { randomBytes } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { finished } from 'node:stream/promises';
import { expect } from 'chai';
import mongoose, { type Connection } from 'mongoose';
import { useFreshDatabase } from '../support/database.js';

/** What the attachment store needs of GridFS, against whatever MongoDB the ladder yields (MONGODB_URI: a real one). */
describe("GridFS through the driver (the attachment store's needs)", function () {
  this.timeout(30_000);
  let drop: () => Promise<void>;
  let connection: Connection;
  before(async () => {
    drop = await useFreshDatabase('gridfs');
    connection = mongoose.connection;
  });
  after(async () => drop());

  it('stores a file in many chunks, reads it back in chunk order, and deletes file and chunks', async () => {
    const bucket = new mongoose.mongo.GridFSBucket(connection.db!, {
      bucketName: 'contract',
      chunkSizeBytes: 1000,
    });
    const bytes = randomBytes(10_500);
    const upload = bucket.openUploadStreamWithId('file-one' as never, 'a.pdf', {
      metadata: { ticketId: 't1' },
    });
    upload.end(bytes);
    await finished(upload);

    const chunks = connection.db!.collection('contract.chunks');
    expect(await chunks.countDocuments({ files_id: 'file-one' })).to.equal(11);
    const indexes = await chunks.listIndexes().toArray();
    expect(
      indexes.some((index) => index.unique && JSON.stringify(index.key) === '{"files_id":1,"n":1}'),
    ).to.equal(true);
    expect((await buffer(bucket.openDownloadStream('file-one' as never))).equals(bytes)).to.equal(true);
    const [file] = await bucket.find({ 'metadata.ticketId': 't1' }).toArray();
    expect(file).to.include({ _id: 'file-one', length: 10_500, filename: 'a.pdf' });

    // A second file under the same id is refused by the unique index on chunks/files.
    const twice = bucket.openUploadStreamWithId('file-one' as never, 'b.pdf');
    twice.end(Buffer.from('x'));
    expect(
      await finished(twice).then(
        () => 0,
        (error: { code?: number }) => error.code,
      ),
    ).to.equal(11000);

    await bucket.delete('file-one' as never);
    expect(await chunks.countDocuments({ files_id: 'file-one' })).to.equal(0);
    expect(await bucket.find({ _id: 'file-one' } as never).toArray()).to.deep.equal([]);
  });
});
