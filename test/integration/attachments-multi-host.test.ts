import { expect } from 'chai';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { deleteAttachments } from '../../shared/answering/attachment-store.js';
import { migrateDiskAttachments } from '../../shared/answering/migrate-disk-attachments.js';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { AnswerPageClient, PDF_BYTES, PNG_BYTES } from '../support/answer-client.js';
import { seedAssignedTicket } from '../support/assigned-ticket.js';
import { storedAttachmentIds } from '../support/attachments.js';
import { uriWithDatabase } from '../support/child-process.js';
import { testMongoUri, useFreshDatabase } from '../support/database.js';
import { serviceProcess, type ManagedProcess } from '../support/processes.js';
import { deleteQueuePrefix, TEST_REDIS_URL, uniqueQueuePrefix } from '../support/redis.js';

const LINK_SECRET = 'attachments-multi-host-link-secret-0123456789';
const ANSWER = {
  text: 'Phòng đã kiểm tra, gửi kèm công văn trả lời.',
  name: 'Trần Thị Mai',
  position: 'Trưởng phòng',
};

/**
 * Two HTTP processes on one database, each with its own DATA_DIR (as on two hosts): answers' files
 * live in the database's attachment store, so either process serves what the other received.
 */
describe('attachments across HTTP hosts', function () {
  this.timeout(180_000);
  let dropDatabase: () => Promise<void>;
  const dirs: string[] = [];
  const prefix = uniqueQueuePrefix('attach-hosts');
  const hosts: Array<{ process: ManagedProcess; url: string }> = [];

  before(async () => {
    dropDatabase = await useFreshDatabase('attachments-hosts');
    for (const name of ['http-a', 'http-b']) {
      const dir = await mkdtemp(join(tmpdir(), `hotline-${name}-`));
      dirs.push(dir);
      const host = await serviceProcess(name, 'http', {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        MONGODB_URI: uriWithDatabase(testMongoUri(), mongoose.connection.name),
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: prefix,
        DATA_DIR: dir,
        LINK_SECRET,
      });
      hosts.push(host);
    }
    await Promise.all(hosts.map((host) => host.process.start(90_000)));
  });

  after(async () => {
    await Promise.all(hosts.map((host) => host.process.stop()));
    await deleteQueuePrefix(prefix);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    await dropDatabase();
  });

  const download = (host: number, token: string, fileId: string) =>
    fetch(`${hosts[host]!.url}/answer/${token}/attachments/${fileId}`, { headers: { accept: 'text/html' } });

  it('serves through one process the files answered through the other, byte for byte, until they are deleted', async () => {
    const seeded = await seedAssignedTicket(LINK_SECRET);
    const page = new AnswerPageClient(hosts[0]!.url, seeded.token);
    expect((await page.open()).status).to.equal(200);
    const posted = await page.postAnswer(ANSWER, [
      { name: 'Công văn trả lời.pdf', bytes: PDF_BYTES },
      { name: 'ảnh chụp.png', bytes: PNG_BYTES },
    ]);
    expect(posted.status).to.equal(303);
    const files = (await Ticket.findById(seeded.ticketId).lean())!.answer!.attachments;
    expect(files).to.have.length(2);
    expect(await readdir(dirs[0]!)).to.not.include('attachments'); // nothing on the receiving host's disk

    for (const [file, bytes, type] of [
      [files[0]!, PDF_BYTES, 'application/pdf'],
      [files[1]!, PNG_BYTES, 'image/png'],
    ] as const) {
      const response = await download(1, seeded.token, file.id!);
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.equal(type);
      expect(response.headers.get('content-disposition')).to.match(/^attachment;/);
      expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(bytes))).to.equal(true);
    }

    // Retention (the privacy job) deletes through the same store.
    await deleteAttachments(seeded.ticketId, [{ storedAs: files[0]!.storedAs! }]);
    const gone = await download(1, seeded.token, files[0]!.id!);
    expect(gone.status).to.equal(404);
    expect(gone.headers.get('content-type')).to.match(/^text\/html/);
    expect(await gone.text()).to.contain('Không tìm thấy tệp đính kèm.');
    expect((await download(0, seeded.token, files[1]!.id!)).status).to.equal(200);
    await deleteAttachments(seeded.ticketId, [{ storedAs: files[0]!.storedAs! }]); // deleting twice is harmless
  });

  it('moves files kept on a host\u2019s disk into the shared store, once, and reports what it moved', async () => {
    const seeded = await seedAssignedTicket(LINK_SECRET);
    const storedAs = 'Legacy_disk_file_00001';
    await Ticket.updateOne(
      { _id: seeded.ticketId },
      {
        $set: {
          status: 'answered',
          answer: {
            text: 'Trả lời cũ',
            responderName: 'Trần Thị Mai',
            responderPosition: 'Trưởng phòng',
            answeredAt: new Date(),
            assignmentNo: 1,
            unitCode: 'QLVH',
            onTime: true,
            attachments: [
              {
                id: storedAs,
                filename: 'cũ.pdf',
                contentType: 'application/pdf',
                size: PDF_BYTES.length,
                storedAs,
              },
            ],
          },
        },
      },
    );
    const ticketDir = join(dirs[0]!, 'attachments', seeded.ticketId);
    await mkdir(ticketDir, { recursive: true });
    await writeFile(join(ticketDir, storedAs), PDF_BYTES);
    await writeFile(join(ticketDir, 'not-listed-anywhere'), 'x');
    expect((await download(1, seeded.token, storedAs)).status).to.equal(404);

    const first = await migrateDiskAttachments(dirs[0]!);
    expect(first.moved).to.deep.equal([{ ticketId: seeded.ticketId, storedAs, size: PDF_BYTES.length }]);
    expect(first.orphans).to.deep.equal([{ ticketId: seeded.ticketId, name: 'not-listed-anywhere' }]);
    expect(await readdir(ticketDir)).to.deep.equal(['not-listed-anywhere']);
    expect(await storedAttachmentIds(seeded.ticketId)).to.deep.equal([storedAs]);

    const response = await download(1, seeded.token, storedAs);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('application/pdf');
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(PDF_BYTES))).to.equal(true);

    const again = await migrateDiskAttachments(dirs[0]!);
    expect(again.moved).to.deep.equal([]);
    expect(again.alreadyStored).to.deep.equal([]);
    expect(await storedAttachmentIds(seeded.ticketId)).to.deep.equal([storedAs]);
  });
});
