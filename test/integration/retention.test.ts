import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { Types } from 'mongoose';
import { openAttachment, saveAttachments } from '../../shared/answering/attachment-store.js';
import { RetentionRun } from '../../shared/db/models/retention-run.model.js';
import { StaffEvent } from '../../shared/db/models/staff-event.model.js';
import { recordStaffEvents } from '../../shared/audit/staff-events.js';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import type { RetentionOutcome } from '../../shared/retention/run-retention.js';
import { capturedLog } from '../support/captured-log.js';
import { api } from '../support/intake-service.js';
import { monitorStaff } from '../support/monitor-client.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';
import { createRedisConnection, type RedisClient } from '../../shared/queue/redis-connection.js';
import { TEST_REDIS_URL } from '../support/redis.js';

function vn(local: string): Date {
  return new Date(`${local}:00+07:00`);
}

/** The instant the retention job runs at: 5 years and 3 weeks after March 2026. */
const RUN_AT = vn('2031-04-01T02:30');
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

interface Seed {
  key: string;
  status: 'closed' | 'resolved_at_intake' | 'answered';
  received: string;
  /** Closure (or the answer during the call); absent while the ticket is open. */
  finished?: string;
  attachment?: boolean;
  /** A supporting unit's input (co-handling) with a file. */
  supportFile?: boolean;
  category?: string;
}

/**
 * A: closed 5 years + 3 weeks ago, with a file → both limits passed.
 * B: closed 2 weeks short of 5 years → only its files go.
 * C: answered during the call more than 5 years ago → anonymised (nothing to delete).
 * D: still waiting for the call-back (answered, not closed) → untouched however old.
 * E: closed under 2 years ago → untouched.
 * F: like B, but its only file is a supporting unit's (co-handling) → that file goes.
 */
const SEEDS: Seed[] = [
  {
    key: 'A',
    status: 'closed',
    received: '2026-03-02T08:00',
    finished: '2026-03-10T09:00',
    attachment: true,
    category: 'conduct',
  },
  {
    key: 'B',
    status: 'closed',
    received: '2026-03-03T08:00',
    finished: '2026-04-15T09:00',
    attachment: true,
  },
  { key: 'C', status: 'resolved_at_intake', received: '2026-03-05T08:00', finished: '2026-03-05T08:10' },
  { key: 'D', status: 'answered', received: '2026-03-06T08:00', attachment: true },
  {
    key: 'E',
    status: 'closed',
    received: '2026-03-09T08:00',
    finished: '2029-06-01T09:00',
    attachment: true,
  },
  {
    key: 'F',
    status: 'closed',
    received: '2026-03-10T08:00',
    finished: '2026-04-20T09:00',
    supportFile: true,
  },
];

describe('retention job (issue 16)', function () {
  this.timeout(60_000);
  let pipeline: Pipeline;
  let dataDir: string;
  let queueEvents: QueueEvents;
  let eventsConnection: RedisClient;
  const captured = capturedLog();
  const ids: Record<string, string> = {};
  let chiefToken: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'retention-'));
    pipeline = await startPipeline('retention', {
      http: true,
      clock: () => RUN_AT,
      log: captured.log,
      config: { DATA_DIR: dataDir },
    });
    eventsConnection = createRedisConnection(TEST_REDIS_URL, 'worker');
    queueEvents = new QueueEvents('retention', { connection: eventsConnection, prefix: pipeline.prefix });
    await queueEvents.waitUntilReady();
    chiefToken = (await monitorStaff('chief', 'Trần Văn Bình', 'chief@retention.test')).token;
    let n = 0;
    for (const seed of SEEDS) {
      n++;
      const id = new Types.ObjectId();
      ids[seed.key] = id.toString();
      const received = vn(seed.received);
      const finished = seed.finished ? vn(seed.finished) : undefined;
      const answeredAt = new Date(received.getTime() + 24 * 3600_000);
      const files = seed.attachment
        ? await saveAttachments(id.toString(), [
            { filename: 'bien-ban.pdf', contentType: 'application/pdf', buffer: PDF },
          ])
        : [];
      const supportFiles = seed.supportFile
        ? await saveAttachments(id.toString(), [
            { filename: 'y-kien.pdf', contentType: 'application/pdf', buffer: PDF },
          ])
        : [];
      await Ticket.create({
        _id: id,
        code: `1022-2026-${String(700000 + n)}`,
        channel: 'phone',
        receivedAt: received,
        citizen: {
          name: 'Đặng Văn Khiếu',
          phone: '+84987654321',
          email: 'khieu@example.vn',
          address: '5 Lý Thường Kiệt, Phường Cao Lãnh',
          anonymous: false,
        },
        category: seed.category ?? 'culture_arts',
        subject: `Phiếu ${seed.key}: gọi lại cho tôi số 0987 654 321`,
        content:
          'Tôi là Đặng Văn Khiếu, email khieu@example.vn, điện thoại 0987.654.321. Cán bộ gây phiền hà.',
        location: { address: '5 Lý Thường Kiệt', commune: 'Phường Cao Lãnh', lat: 10.45, lng: 105.63 },
        priority: 'normal',
        status: seed.status,
        ...(seed.status === 'resolved_at_intake'
          ? { intakeAnswer: { text: 'Đã hướng dẫn; gọi lại 0987654321 nếu cần.', answeredAt: finished } }
          : {
              assignment: {
                no: 1,
                unitCode: 'QLVH',
                informed: [],
                assignedAt: received,
                deadline: new Date(received.getTime() + 5 * 24 * 3600_000),
                tokenHash: `hash-${seed.key}`,
                tokenSalt: 'salt',
                tokenExpiresAt: new Date(received.getTime() + 40 * 24 * 3600_000),
              },
              answer: {
                text: 'Phòng đã làm việc với ông Đặng Văn Khiếu (0987 654 321).',
                answeredAt,
                assignmentNo: 1,
                unitCode: 'QLVH',
                onTime: true,
                responderName: 'Trần Thị Mai',
                attachments: files,
              },
            }),
        ...(seed.status === 'closed'
          ? {
              closure: {
                calledBackAt: finished,
                outcome: 'satisfied',
                note: 'Đã gọi 0987 654 321.',
                closedAt: finished,
              },
            }
          : {}),
        ...(seed.supportFile
          ? {
              supports: [
                {
                  no: 1,
                  assignmentNo: 1,
                  unitCode: 'VP',
                  requestedAt: received,
                  deadline: new Date(received.getTime() + 2 * 24 * 3600_000),
                  tokenHash: `support-hash-${seed.key}`,
                  tokenSalt: 'salt',
                  tokenExpiresAt: new Date(received.getTime() + 40 * 24 * 3600_000),
                  submittedAt: new Date(received.getTime() + 3600_000),
                  input: {
                    text: 'Ý kiến phối hợp.',
                    responderName: 'Võ Minh Tâm',
                    attachments: supportFiles,
                  },
                },
              ],
            }
          : {}),
        next: null,
        events: [{ at: received, type: 'received', actor: { kind: 'staff', name: 'test' } }],
      });
    }
  });

  after(async () => {
    await queueEvents?.close();
    eventsConnection?.disconnect();
    await pipeline?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const stats = async () => {
    const response = await api(pipeline.service.url!, 'GET', '/api/v1/stats?from=2026-03-01&to=2026-03-31', {
      token: chiefToken,
    });
    expect(response.status).to.equal(200);
    return response.body as Record<string, unknown>;
  };

  const runThroughQueue = async (): Promise<RetentionOutcome> => {
    const job = await pipeline.service.ctx.queues.retention.add('retention', {});
    return (await job.waitUntilFinished(queueEvents, 30_000)) as RetentionOutcome;
  };

  const ticket = async (key: string) => (await Ticket.findById(ids[key]).lean())!;
  const fileOf = async (key: string): Promise<{ ticketId: string; storedAs: string }> => {
    const stored = (await ticket(key)).answer?.attachments?.[0]?.storedAs;
    return { ticketId: ids[key]!, storedAs: String(stored) };
  };
  /** Whether the attachment store still holds the file (GridFS, issue 21). */
  const existsSync = async (file: { ticketId: string; storedAs: string }): Promise<boolean> => {
    const stream = await openAttachment(file.ticketId, file.storedAs);
    stream?.destroy();
    return stream !== undefined;
  };

  it('anonymises exactly the tickets past the limit, deletes exactly the old files, and leaves the statistics unchanged', async () => {
    const before = await stats();
    expect(before.summary).to.include({ received: 6, answered: 5, onTime: 5 });
    const filesBefore = { D: await fileOf('D'), E: await fileOf('E') };
    const deleted = {
      A: await fileOf('A'),
      B: await fileOf('B'),
      F: {
        ticketId: ids.F!,
        storedAs: String((await ticket('F')).supports[0]?.input?.attachments?.[0]?.storedAs),
      },
    };
    for (const file of [...Object.values(filesBefore), ...Object.values(deleted)])
      expect(await existsSync(file)).to.equal(true);

    // The access log keeps 5 years (keepAccessLog): a view from 2025 goes, one from 2030 stays.
    const log = { warn: () => undefined };
    const viewAt = (at: string) => ({
      at: new Date(at),
      actor: { id: 'x', name: 'Trần Văn Bình', role: 'chief', ip: '127.0.0.1' },
      kind: 'view' as const,
      ticket: { id: ids.A!, code: 'x' },
    });
    await recordStaffEvents(log, [viewAt('2025-06-01T03:00:00Z'), viewAt('2030-06-01T03:00:00Z')]);
    const outcome = await runThroughQueue();
    expect(outcome).to.include({ anonymised: 2, skipped: 0, attachmentTickets: 3, attachmentsDeleted: 3 });
    expect(outcome.accessLogPurged, 'access-log entries past 5 years').to.equal(1);
    const kept = await StaffEvent.find({}).lean();
    expect(kept.map((event) => event.at.toISOString())).to.deep.equal(['2030-06-01T03:00:00.000Z']);

    for (const key of ['A', 'C']) {
      const t = await ticket(key);
      const json = JSON.stringify(t);
      for (const personal of [
        'Đặng Văn Khiếu',
        '+84987654321',
        '0987 654 321',
        '0987.654.321',
        '0987654321',
        'khieu@example.vn',
        'Lý Thường Kiệt',
      ]) {
        expect(json, `${key} still holds ${personal}`).not.to.contain(personal);
      }
      expect(t.citizen?.name ?? undefined).to.equal(undefined);
      expect(t.subject).to.contain('số xxxx xxx xxx');
      expect(t.location?.commune ?? (key === 'C' ? 'Phường Cao Lãnh' : undefined)).to.equal(
        'Phường Cao Lãnh',
      );
      expect(t.privacy?.anonymisedReason).to.equal('retention');
      expect(t.events.at(-1)?.type).to.equal('anonymised');
      // What the statistics count stays.
      expect(t.status).to.equal(SEEDS.find((s) => s.key === key)!.status);
      expect(t.category).to.equal(key === 'A' ? 'conduct' : 'culture_arts');
    }
    for (const key of ['B', 'D', 'E', 'F']) {
      expect((await ticket(key)).citizen?.name, key).to.equal('Đặng Văn Khiếu');
    }
    for (const file of Object.values(deleted)) expect(await existsSync(file)).to.equal(false);
    for (const file of Object.values(filesBefore)) expect(await existsSync(file)).to.equal(true);
    expect((await ticket('A')).answer?.attachments).to.have.length(0);
    expect((await ticket('B')).privacy?.attachmentsDeleted).to.equal(1);
    expect((await ticket('B')).answer?.text, 'the answer text stays').to.contain('Phòng đã làm việc');
    const supportAfter = (await ticket('F')).supports[0]!;
    expect(supportAfter.input?.attachments, 'the supporting file is gone').to.have.length(0);
    expect(supportAfter.input?.text, 'the supporting text stays').to.equal('Ý kiến phối hợp.');

    expect(await stats()).to.deep.equal(before);

    const run = await RetentionRun.findById(outcome.runId).lean();
    expect(run).to.include({
      anonymised: 2,
      attachmentTickets: 3,
      attachmentsDeleted: 3,
      accessLogPurged: 1,
    });
    expect(run?.anonymiseClosedBefore.toISOString()).to.equal(vn('2026-04-01T02:30').toISOString());
    expect(run?.deleteAttachmentsClosedBefore.toISOString()).to.equal(vn('2029-04-01T02:30').toISOString());
    expect(run?.finishedAt).to.be.instanceOf(Date);

    const line = captured.lines().find((entry) => entry.message === 'retention run');
    expect(line).to.include({ anonymised: 2, attachmentsDeleted: 3, runId: outcome.runId });
    expect(JSON.stringify(captured.lines())).not.to.contain('Khiếu').and.not.to.contain('987654321');
  });

  it('run twice, changes nothing more', async () => {
    const snapshot = JSON.stringify(await Ticket.find({}).sort({ _id: 1 }).lean());
    const outcome = await runThroughQueue();
    expect(outcome).to.include({ anonymised: 0, attachmentTickets: 0, attachmentsDeleted: 0 });
    expect(JSON.stringify(await Ticket.find({}).sort({ _id: 1 }).lean())).to.equal(snapshot);
    expect(await RetentionRun.countDocuments({ finishedAt: { $ne: null } })).to.be.at.least(2);
  });
});
