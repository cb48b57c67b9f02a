import { expect } from 'chai';
import { randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import { Digest } from '../../shared/db/models/digest.model.js';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { createMailTransport } from '../../shared/mail/transport.js';
import type { WorkerContext } from '../../workers/worker-context.js';
import { DIGEST_CRON, DIGEST_SCHEDULER_ID, sendDailyDigest } from '../../shared/digest/send-daily-digest.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';
import { quietLogger } from '../support/quiet-logger.js';
import { waitUntil } from '../support/wait.js';

const OFFICE_CHIEF = 'chanh.vanphong@example.gov.vn';
const DAY_MS = 24 * 3600_000;

function vn(local: string): Date {
  return new Date(`${local}:00+07:00`);
}

async function seedTicket(fields: {
  received: string;
  unit: string;
  category: string;
  deadline: string;
  status?: 'assigned' | 'answered';
  level?: number;
  answered?: string;
  onTime?: boolean;
  subject: string;
}): Promise<string> {
  const code = `1022-2026-${String(randomInt(100000, 999999))}`;
  const receivedAt = vn(fields.received);
  await Ticket.create({
    _id: new Types.ObjectId(),
    code,
    channel: 'phone',
    receivedAt,
    citizen: { anonymous: true },
    category: fields.category,
    subject: fields.subject,
    content: 'Nội dung',
    priority: 'normal',
    status: fields.status ?? 'assigned',
    assignment: {
      no: 1,
      unitCode: fields.unit,
      informed: [],
      assignedAt: receivedAt,
      deadline: vn(fields.deadline),
      tokenHash: `hash-${code}`,
      tokenSalt: 'salt',
      tokenExpiresAt: new Date(vn(fields.deadline).getTime() + 30 * DAY_MS),
    },
    escalation: { level: fields.level ?? 0 },
    ...(fields.answered
      ? {
          answer: {
            answeredAt: vn(fields.answered),
            onTime: fields.onTime,
            unitCode: fields.unit,
            assignmentNo: 1,
          },
        }
      : {}),
    events: [{ at: receivedAt, type: 'received', actor: { kind: 'staff', name: 'test' } }],
  });
  return code;
}

describe('daily digest to the Office Chief (07:30, working days only)', function () {
  this.timeout(60_000);
  let pipeline: Pipeline;
  let now: Date;
  let ctx: WorkerContext;
  const codes: Record<string, string> = {};

  before(async () => {
    // Workers run on the test's clock: the 07:30 schedule is registered and the sweep runs every second.
    now = vn('2026-03-05T07:30');
    pipeline = await startPipeline('digest', { workers: true, clock: () => now });
    const service = pipeline.service.ctx;
    ctx = {
      config: pipeline.config,
      log: quietLogger(),
      queues: service.queues,
      clock: () => now,
      domain: service.domain,
      mail: createMailTransport(pipeline.mail.smtpUrl),
      redisUrl: pipeline.config.REDIS_URL,
      prefix: pipeline.prefix,
      close: async () => undefined,
    };
    // Thursday 5 March 2026, 07:30: yesterday (Wednesday) brought two calls; one older ticket is escalated.
    codes.yesterday1 = await seedTicket({
      received: '2026-03-04T09:00',
      unit: 'QLDS',
      category: 'heritage',
      deadline: '2026-03-11T17:00',
      subject: 'Di tích Gò Tháp xuống cấp',
    });
    codes.yesterday2 = await seedTicket({
      received: '2026-03-04T15:30',
      unit: 'QLDL',
      category: 'tourism',
      deadline: '2026-03-11T17:00',
      subject: 'Hướng dẫn viên thu phí sai',
    });
    codes.overdue = await seedTicket({
      received: '2026-02-23T08:00',
      unit: 'QLVH',
      category: 'culture_arts',
      deadline: '2026-03-02T17:00',
      level: 1,
      subject: 'Karaoke gây ồn sau 22 giờ',
    });
    codes.late = await seedTicket({
      received: '2026-02-24T08:00',
      unit: 'QLVH',
      category: 'culture_arts',
      deadline: '2026-03-03T17:00',
      status: 'answered',
      answered: '2026-03-04T08:00',
      onTime: false,
      subject: 'Quảng cáo sai quy định',
    });
    codes.old = await seedTicket({
      received: '2026-03-02T08:00',
      unit: 'TDTT',
      category: 'sports',
      deadline: '2026-03-09T17:00',
      subject: 'Sân bóng xuống cấp',
    });
  });
  after(async () => {
    ctx?.mail.close();
    await pipeline?.stop();
  });

  it('is a Job Scheduler at 07:30 on the Vietnamese clock', async () => {
    const queue = pipeline.service.ctx.queues.digest;
    await waitUntil(
      async () => Boolean(await queue.getJobScheduler(DIGEST_SCHEDULER_ID)),
      5000,
      'digest schedule registered',
    );
    const scheduler = await queue.getJobScheduler(DIGEST_SCHEDULER_ID);
    expect(scheduler?.pattern).to.equal(DIGEST_CRON);
    expect(DIGEST_CRON).to.equal('30 7 * * *');
    expect(scheduler?.tz).to.equal('Asia/Ho_Chi_Minh');
  });

  it('sends one e-mail on a working day: yesterday’s intake, what is overdue and escalated, the least punctual units', async () => {
    now = vn('2026-03-05T07:30');
    expect(await sendDailyDigest(ctx)).to.equal('sent');
    const [mail] = await pipeline.mail.waitFor((m) => m.messageId.startsWith('digest-2026-03-05@'));
    expect(mail!.to).to.deep.equal([OFFICE_CHIEF]);
    expect(mail!.subject).to.equal('[1022] Báo cáo ngày thứ Năm, 05/03/2026: 2 phiếu mới, 1 phiếu quá hạn');
    expect(mail!.text).to.contain('hôm qua (thứ Tư, 04/03/2026)'.toUpperCase());
    expect(mail!.text).to.contain(codes.yesterday1).and.to.contain(codes.yesterday2);
    expect(mail!.text).not.to.contain(codes.old);
    expect(mail!.text).to.match(
      new RegExp(`${codes.overdue} – Phòng Quản lý Văn hóa – quá hạn 2 ngày làm việc – đã báo cáo cấp 1`),
    );
    expect(mail!.text).to.contain('(trong đó 1 phiếu đã báo cáo vượt cấp)');
    expect(mail!.text).to.contain('Phòng Quản lý Văn hóa: 0%');
    expect(mail!.text).to.contain(`/monitor/tickets/${codes.overdue}`);
    expect(mail!.html).to.contain(`/monitor/tickets/${codes.overdue}`);
    expect(mail!.text.normalize('NFC')).to.equal(mail!.text);
    expect(mail!.text, 'the 2026 schedule is official').not.to.contain('Chưa có lịch nghỉ lễ');
    const record = await Digest.findOne({ date: '2026-03-05' }).lean();
    expect(record?.sentAt).to.be.instanceOf(Date);
  });

  it('sends nothing more when run again the same day (a retry, a second worker)', async () => {
    now = vn('2026-03-05T07:31');
    const outcomes = await Promise.all([sendDailyDigest(ctx), sendDailyDigest(ctx)]);
    expect(outcomes).to.deep.equal(['already_sent', 'already_sent']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      pipeline.mail.messages().filter((m) => m.messageId.startsWith('digest-2026-03-05@')),
    ).to.have.length(1);
  });

  it('lets exactly one of two workers send when they start together', async () => {
    now = vn('2026-03-06T07:30');
    const outcomes = await Promise.all([sendDailyDigest(ctx), sendDailyDigest(ctx), sendDailyDigest(ctx)]);
    expect(outcomes.filter((o) => o === 'sent')).to.have.length(1);
    await pipeline.mail.waitFor((m) => m.messageId.startsWith('digest-2026-03-06@'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      pipeline.mail.messages().filter((m) => m.messageId.startsWith('digest-2026-03-06@')),
    ).to.have.length(1);
  });

  it('warns in December that deadlines running into next year use a derived calendar (no 2027 file)', async () => {
    now = vn('2026-12-01T07:30');
    expect(await sendDailyDigest(ctx)).to.equal('sent');
    const [mail] = await pipeline.mail.waitFor((m) => m.messageId.startsWith('digest-2026-12-01@'));
    const warning = 'Chưa có lịch nghỉ lễ, Tết chính thức năm 2027';
    expect(mail!.text).to.contain(`LƯU Ý: ${warning}`).and.to.contain('config/calendar/2027.json');
    expect(mail!.html).to.contain(warning);
    expect(mail!.text).not.to.contain('năm 2026:');
  });

  it('sends a digest missed at 07:30 (Redis wiped, workers down) later that morning, once; never after office hours', async () => {
    // Wednesday 11 March 2026: nobody called sendDailyDigest; the running sweep notices and catches up.
    now = vn('2026-03-11T09:15');
    const [mail] = await pipeline.mail.waitFor((m) => m.messageId.startsWith('digest-2026-03-11@'), {
      timeoutMs: 15_000,
    });
    expect(mail!.text).to.contain('đến 09:15 thứ Tư, 11/03/2026');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(
      pipeline.mail.messages().filter((m) => m.messageId.startsWith('digest-2026-03-11@')),
      'several sweeps, one digest',
    ).to.have.length(1);

    // Thursday 12 March at 17:30: the office has closed, so no digest is sent for that day any more.
    now = vn('2026-03-12T17:30');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(
      pipeline.mail.messages().filter((m) => m.messageId.startsWith('digest-2026-03-12@')),
    ).to.have.length(0);
    expect(await Digest.countDocuments({ date: '2026-03-12' })).to.equal(0);
  });

  it('sends nothing on a public holiday (29 Tết, Monday 16 February 2026) nor on a Sunday', async () => {
    now = vn('2026-02-16T07:30');
    expect(await sendDailyDigest(ctx)).to.equal('day_off');
    now = vn('2026-03-08T07:30');
    expect(await sendDailyDigest(ctx)).to.equal('day_off');
    expect(await Digest.countDocuments({ date: { $in: ['2026-02-16', '2026-03-08'] } })).to.equal(0);
    expect(
      pipeline.mail.messages().filter((m) => /digest-2026-0(2-16|3-08)@/.test(m.messageId)),
    ).to.have.length(0);
  });

  it('on the first working day after Tết, reports the intake of the whole holiday', async () => {
    now = vn('2026-02-23T07:30');
    await seedTicket({
      received: '2026-02-18T10:00',
      unit: 'QLDL',
      category: 'tourism',
      deadline: '2026-03-02T17:00',
      subject: 'Khách du lịch bị chặt chém ngày Tết',
    });
    expect(await sendDailyDigest(ctx)).to.equal('sent');
    const [mail] = await pipeline.mail.waitFor((m) => m.messageId.startsWith('digest-2026-02-23@'));
    expect(mail!.text).to.contain('TỪ THỨ SÁU, 13/02/2026 ĐẾN HẾT CHỦ NHẬT, 22/02/2026');
    expect(mail!.text).to.contain('Khách du lịch bị chặt chém ngày Tết');
  });

  it('retries after an SMTP failure and then sends once', async () => {
    now = vn('2026-03-09T07:30');
    pipeline.mail.refuse('temporary');
    let failure: unknown;
    try {
      await sendDailyDigest(ctx);
    } catch (error) {
      failure = error;
    }
    expect(failure).to.be.instanceOf(Error);
    pipeline.mail.refuse(false);
    expect(await sendDailyDigest(ctx)).to.equal('sent');
    expect(await sendDailyDigest(ctx)).to.equal('already_sent');
    await pipeline.mail.waitFor((m) => m.messageId.startsWith('digest-2026-03-09@'));
    expect(
      pipeline.mail.messages().filter((m) => m.messageId.startsWith('digest-2026-03-09@')),
    ).to.have.length(1);
  });
});
