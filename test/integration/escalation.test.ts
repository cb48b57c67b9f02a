import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { loadRoutingTable } from '../../config/routing-table.js';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { enqueueRoute } from '../../shared/queue/enqueue.js';
import { startService } from '../../main/start-service.js';
import { createTicketDomain } from '../../shared/tickets/ticket-domain.js';
import { testMongoKind } from '../support/database.js';
import { quietLogger } from '../support/quiet-logger.js';
import { secondsPolicy, seedReceivedTicket, startPipeline, type Pipeline } from '../support/pipeline.js';
import { redisAnswers } from '../support/processes.js';
import { realClockEnv } from '../support/real-clock-env.js';
import { waitUntil } from '../support/wait.js';

const OFFICE_CHIEF = 'chanh.vanphong@example.gov.vn';
/** Whoever the data names as conduct reviewer (by default the Office Chief, so one copy). */
const CONDUCT_REVIEWER = loadRoutingTable().officials.conductReviewer.email;
const DIRECTOR = 'giamdoc@example.gov.vn';

function mailsFor(pipeline: Pipeline, ticketCode: string) {
  return pipeline.mail.messages().filter((m) => m.headers['x-hotline-ticket'] === ticketCode);
}

async function codeOf(ticketId: string): Promise<string> {
  return (await Ticket.findById(ticketId).lean())!.code;
}

describe('deadlines: reminders and escalations (spans in seconds)', function () {
  this.timeout(60_000);

  describe('with the machine Redis', () => {
    let pipeline: Pipeline;
    before(async () => {
      pipeline = await startPipeline('escalation', { policy: secondsPolicy() });
    });
    after(async () => pipeline?.stop());

    it('reminds the unit, then escalates to the Office Chief (level 1), then to the Director (level 2), each once and in order', async () => {
      const ticketId = await seedReceivedTicket({ category: 'tourism', subject: 'Hướng dẫn viên thu phí sai quy định' });
      const started = Date.now();
      await enqueueRoute(pipeline.service.ctx.queues, ticketId);
      const code = await codeOf(ticketId);

      const [level2] = await pipeline.mail.waitFor((m) => m.to.includes(DIRECTOR) && m.headers['x-hotline-ticket'] === code, {
        timeoutMs: 20_000,
      });
      await pipeline.mail.waitFor((m) => m.messageId.includes('.overdue-1-2@') && m.headers['x-hotline-ticket'] === code);
      expect(level2!.subject).to.contain('cấp 2');
      const mails = mailsFor(pipeline, code);
      const kinds = mails.map((m) => m.messageId.split('.')[1]!.replace(/@.*/, ''));
      expect(kinds).to.include.members(['assign-1', 'remind-1', 'escalate-1-1', 'overdue-1-1', 'escalate-1-2', 'overdue-1-2']);
      expect(new Set(kinds).size, 'no e-mail twice').to.equal(kinds.length);
      const at = (kind: string) => mails.find((m) => m.messageId.includes(`.${kind}@`))!.receivedAt.getTime();
      expect(at('remind-1')).to.be.lessThan(at('escalate-1-1'));
      expect(at('escalate-1-1')).to.be.lessThan(at('escalate-1-2'));
      expect(mails.find((m) => m.messageId.includes('.escalate-1-1@'))!.to).to.deep.equal([OFFICE_CHIEF]);

      const ticket = await Ticket.findById(ticketId).lean();
      expect(ticket?.escalation?.level).to.equal(2);
      expect(ticket?.next).to.equal(null);
      // Level 1 fires at the deadline (4 s after assignment), level 2 two seconds later.
      expect(at('escalate-1-1') - started).to.be.greaterThan(3000);
      const escalateEvents = ticket!.events.filter((e) => e.type === 'escalated');
      expect(escalateEvents.map((e) => (e.data as { level: number }).level)).to.deep.equal([1, 2]);
    });

    it('sends conduct complaints to the conduct reviewer as well, from level 1', async () => {
      const ticketId = await seedReceivedTicket({ category: 'conduct', subject: 'Công chức gây phiền hà' });
      await enqueueRoute(pipeline.service.ctx.queues, ticketId);
      const code = await codeOf(ticketId);
      const [mail] = await pipeline.mail.waitFor(
        (m) => m.headers['x-hotline-ticket'] === code && m.messageId.includes('.escalate-1-1@'),
        { timeoutMs: 15_000 },
      );
      expect(mail!.to).to.have.members([...new Set([OFFICE_CHIEF, CONDUCT_REVIEWER])]);
      expect(mail!.text).to.contain('Lịch sử nhắc nhở');
      expect(mail!.text).to.match(/\/monitor\/tickets\/1022-/);
    });

    it('stops every timer once the ticket is answered before its deadline', async () => {
      const ticketId = await seedReceivedTicket({ category: 'library', subject: 'Giờ mở cửa thư viện' });
      await enqueueRoute(pipeline.service.ctx.queues, ticketId);
      const code = await codeOf(ticketId);
      await pipeline.mail.waitFor((m) => m.headers['x-hotline-ticket'] === code);
      await Ticket.updateOne(
        { _id: ticketId, status: 'assigned' },
        { $set: { status: 'answered', next: null, answer: { text: 'Đã trả lời', answeredAt: new Date() } } },
      );
      await new Promise((resolve) => setTimeout(resolve, 8000));
      const kinds = mailsFor(pipeline, code).map((m) => m.messageId);
      expect(kinds.filter((id) => /escalate|overdue/.test(id))).to.deep.equal([]);
      expect((await Ticket.findById(ticketId).lean())?.escalation?.level ?? 0).to.equal(0);
    });

    it('moves the timers when an extension is granted', async () => {
      const ticketId = await seedReceivedTicket({ category: 'sports', subject: 'Sân thể thao xuống cấp' });
      await enqueueRoute(pipeline.service.ctx.queues, ticketId);
      const code = await codeOf(ticketId);
      await pipeline.mail.waitFor((m) => m.headers['x-hotline-ticket'] === code);
      const ticket = await Ticket.findById(ticketId).lean();
      const newDeadline = new Date(Date.now() + 12_000);
      const seq = ticket!.next!.seq + 1;
      await Ticket.updateOne(
        { _id: ticketId },
        { $set: { 'assignment.deadline': newDeadline, next: { action: 'escalate', level: 1, assignmentNo: 1, dueAt: newDeadline, seq } } },
      );
      const { enqueueTimer } = await import('../../shared/queue/enqueue.js');
      await enqueueTimer(pipeline.service.ctx.queues, ticketId, { seq, dueAt: newDeadline });

      await new Promise((resolve) => setTimeout(resolve, 6000));
      expect(mailsFor(pipeline, code).filter((m) => m.messageId.includes('.escalate-'))).to.have.length(0);
      const [escalation] = await pipeline.mail.waitFor(
        (m) => m.headers['x-hotline-ticket'] === code && m.messageId.includes('.escalate-1-1@'),
        { timeoutMs: 15_000 },
      );
      expect(escalation!.receivedAt.getTime()).to.be.at.least(newDeadline.getTime() - 1000);
    });
  });

  describe('with a Redis of its own that is wiped mid-way (FLUSHALL)', () => {
    let redisProcess: ChildProcess;
    let redisUrl: string;
    let pipeline: Pipeline;

    before(async () => {
      const port = await freePort();
      redisProcess = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], {
        stdio: 'ignore',
        env: realClockEnv(),
      });
      redisUrl = `redis://127.0.0.1:${port}`;
      await waitUntil(() => redisAnswers(redisUrl));
      pipeline = await startPipeline('flushall', { policy: secondsPolicy(), config: { REDIS_URL: redisUrl } });
    });
    after(async () => {
      await pipeline?.stop();
      redisProcess?.kill('SIGTERM');
    });

    it('still escalates every ticket exactly once after Redis loses everything, with two sets of workers running', async () => {
      const second = await startService({
        http: false,
        workers: true,
        config: pipeline.config,
        log: quietLogger(),
        domain: createTicketDomain({ policy: secondsPolicy(), warn: () => undefined }),
        mongoKind: testMongoKind(),
      });
      try {
        const ids = await Promise.all(
          Array.from({ length: 5 }, (_, i) => seedReceivedTicket({ category: 'heritage', subject: `Di tích số ${i}` })),
        );
        await Promise.all(ids.map((id) => enqueueRoute(pipeline.service.ctx.queues, id)));
        const codes = await Promise.all(ids.map(codeOf));
        await pipeline.mail.waitFor((m) => codes.includes(m.headers['x-hotline-ticket'] ?? ''), { count: 5 });

        const admin = new Redis(redisUrl);
        await admin.flushall();
        admin.disconnect();

        for (const code of codes) {
          await pipeline.mail.waitFor((m) => m.headers['x-hotline-ticket'] === code && m.messageId.includes('.escalate-1-2@'), {
            timeoutMs: 30_000,
          });
        }
        const counts = pipeline.mail.byMessageId();
        for (const code of codes) {
          const ids = mailsFor(pipeline, code).map((m) => m.messageId);
          for (const id of ids) expect(counts.get(id), `${id} sent once`).to.equal(1);
          expect(ids.filter((id) => id.includes('.escalate-1-1@'))).to.have.length(1);
        }
        const tickets = await Ticket.find({ _id: { $in: ids } }).lean();
        for (const ticket of tickets) expect(ticket.events.filter((e) => e.type === 'escalated')).to.have.length(2);
      } finally {
        await second.stop();
      }
    });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
