import { expect } from 'chai';
import type { Server } from 'node:http';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { outboxMail } from '../../shared/mail/outbox.js';
import { AnswerPageClient } from '../support/answer-client.js';
import { seedAssignedTicket } from '../support/assigned-ticket.js';
import {
  DESTINATION_WITH_MAIL,
  DESTINATION_WITHOUT_MAIL,
  startSwitchboard,
  writeDestinationsFile,
  type SwitchboardDelivery,
} from '../support/forward-fixtures.js';
import { hiddenField, monitorFetch, monitorStaff, type MonitorStaff } from '../support/monitor-client.js';
import { secondsPolicy, startPipeline, type Pipeline } from '../support/pipeline.js';
import { settableClock } from '../support/settable-clock.js';
import { waitUntil } from '../support/wait.js';
import { documentConformance } from '../support/api-conformance.js';

const DAY_MS = 24 * 3600_000;
/** Wednesday 9 December 2026, 10:00 in Vietnam: December 2026 has no day off but weekends. */
const NOW = new Date('2026-12-09T03:00:00Z');
/** Tuesday 1 December 2026, 09:00: six working days before NOW (2, 3, 4, 7, 8, 9 December). */
const SIX_WORKING_DAYS_BEFORE = new Date('2026-12-01T02:00:00Z');
/** Wednesday 2 December 2026, 09:00: five working days before NOW. */
const FIVE_WORKING_DAYS_BEFORE = new Date('2026-12-02T02:00:00Z');
const SECRET = 'switchboard-forward-secret-0123456789';

/**
 * Forwarding outside the Department through the Office Chief's page, the e-mails in the SMTP sink and
 * the switchboard's webhook receiver. The service's clock stands at NOW; tickets are received earlier.
 */
describe('forwarding a ticket outside the Department', function () {
  this.timeout(60_000);
  const time = settableClock(NOW);
  let pipeline: Pipeline;
  let switchboard: { server: Server; url: string; deliveries: SwitchboardDelivery[] };
  let chief: MonitorStaff;
  let otherChief: MonitorStaff;
  let url: string;

  before(async () => {
    switchboard = await startSwitchboard();
    pipeline = await startPipeline('forward', {
      http: true,
      clock: time.clock,
      policy: secondsPolicy({ deadlines: { normal: { seconds: 600 }, urgent: { seconds: 600 } } }),
      config: {
        DESTINATIONS_FILE: writeDestinationsFile(),
        SWITCHBOARD_WEBHOOK_URL: switchboard.url,
        SWITCHBOARD_WEBHOOK_SECRET: SECRET,
      },
    });
    url = pipeline.service.url!;
    chief = await monitorStaff('chief', 'Trần Văn Bình', 'chief@forward.test', time.now());
    otherChief = await monitorStaff('chief', 'Ngô Thị Lan', 'chief2@forward.test', time.now());
  });
  after(async () => {
    await pipeline?.stop();
    switchboard?.server.close();
  });

  /** A ticket with the Office for triage (no rule matched), received at `receivedAt`. */
  const triageTicket = (receivedAt: Date, fields: Record<string, unknown> = {}) =>
    seedAssignedTicket(pipeline.config.LINK_SECRET, {
      unitCode: pipeline.service.ctx.domain.table.triageUnit,
      deadline: new Date(NOW.getTime() + 10 * DAY_MS),
      fields: { receivedAt, externalRef: 'CALL-77', ...fields },
    });

  async function forwardForm(staff: MonitorStaff, code: string): Promise<Record<string, string>> {
    const page = await monitorFetch(url, `/monitor/tickets/${code}`, { cookie: staff.cookie });
    expect(page.status).to.equal(200);
    const field = (name: string) => hiddenField(page.text, '/forward', name);
    return {
      _csrf: field('_csrf'),
      formId: field('formId'),
      expectedStatus: field('expectedStatus'),
      expectedNo: field('expectedNo'),
    };
  }

  const ofTicket = (code: string) => (m: { headers: Record<string, string> }) =>
    m.headers['x-hotline-ticket'] === code;

  it('e-mails the destination once, withdraws the link, closes the ticket as forwarded and tells the switchboard once', async () => {
    const seeded = await triageTicket(FIVE_WORKING_DAYS_BEFORE);
    const unitLink = new AnswerPageClient(url, seeded.token);
    expect((await unitLink.open()).status).to.equal(200);

    const form = await forwardForm(chief, seeded.code);
    const done = await monitorFetch(url, `/monitor/tickets/${seeded.code}/forward`, {
      cookie: chief.cookie,
      form: { ...form, destinationCode: DESTINATION_WITH_MAIL.code, note: 'Nội dung về an toàn thực phẩm.' },
    });
    expect(done.status).to.equal(303);
    const again = await monitorFetch(url, `/monitor/tickets/${seeded.code}/forward`, {
      cookie: chief.cookie,
      form: { ...form, destinationCode: DESTINATION_WITH_MAIL.code, note: 'Nội dung về an toàn thực phẩm.' },
    });
    expect(again.status, 'the same form twice is a repeat').to.equal(303);

    const [mail] = await pipeline.mail.waitFor(
      (m) => ofTicket(seeded.code)(m) && m.to.includes(DESTINATION_WITH_MAIL.email),
    );
    expect(mail!.subject).to.contain(seeded.code);
    expect(mail!.text).to.contain('Kính gửi: Sở Y tế');
    expect(mail!.text).to.contain('Nội dung về an toàn thực phẩm.');
    expect(mail!.text).to.contain('Nguyễn Văn An');
    expect(mail!.text, 'no answer link for a destination outside').not.to.contain('/answer/');
    await pipeline.mail.waitFor((m) => ofTicket(seeded.code)(m) && m.messageId.includes('.ticket-closed-1@'));
    await waitUntil(() => switchboard.deliveries.some((d) => d.body.code === seeded.code));

    const ticket = (await Ticket.findById(seeded.ticketId).lean())!;
    expect(ticket.status).to.equal('closed');
    expect(ticket.next).to.equal(null);
    expect(ticket.forwarding).to.deep.include({
      destinationCode: DESTINATION_WITH_MAIL.code,
      workingDays: 5,
      late: false,
    });
    expect(ticket.events.filter((e) => e.type === 'forwarded_outside')).to.have.length(1);
    expect((await unitLink.open()).status, 'the unit link is withdrawn').to.equal(410);

    const page = await monitorFetch(url, `/monitor/tickets/${seeded.code}`, { cookie: chief.cookie });
    expect(page.text).to.contain('Đã chuyển ra ngoài Sở');
    expect(page.text).to.contain('sau 5 ngày làm việc kể từ khi tiếp nhận');
    expect(page.text).not.to.contain('quá 5 ngày làm việc');
    expect(page.text).to.contain('Chuyển phiếu ra ngoài Sở (đóng phiếu)');
    expect(page.text).not.to.contain('id="forward-submit"');

    // The operator API shows it too.
    const operator = await monitorStaff('operator', 'Phạm Thu Trang', 'operator@forward.test', time.now());
    const api = await fetch(`${url}/api/v1/tickets/${seeded.code}`, {
      headers: { authorization: `Bearer ${operator.token}` },
    });
    expect(((await api.json()) as { forwarding: unknown }).forwarding).to.deep.include({
      destinationCode: DESTINATION_WITH_MAIL.code,
      workingDays: 5,
      late: false,
    });

    // The citizen's look-up says where it went, in plain words.
    const lookup = await fetch(`${url}/tra-cuu`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
      body: new URLSearchParams({ code: seeded.code, lastFour: '5678' }).toString(),
    });
    expect(await lookup.text()).to.contain('đã được chuyển đến Sở Y tế để xem xét, giải quyết');

    // Sweeps later, nothing goes twice.
    time.advance(3_000);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const toDestination = pipeline.mail
      .messages()
      .filter((m) => ofTicket(seeded.code)(m) && m.to.includes(DESTINATION_WITH_MAIL.email));
    expect(toDestination).to.have.length(1);
    const deliveries = switchboard.deliveries.filter((d) => d.body.code === seeded.code);
    expect(deliveries).to.have.length(1);
    expect(deliveries[0]!.body).to.deep.include({
      event: 'ticket.forwarded',
      destinationCode: DESTINATION_WITH_MAIL.code,
      externalRef: 'CALL-77',
      workingDays: 5,
      late: false,
    });
    expect(deliveries[0]!.deliveryId).to.equal(`${seeded.ticketId}.forwarded`);
    // Headers and body exactly as the OpenAPI document's `webhooks` describes them.
    expect(
      documentConformance().webhookProblems('ticket.forwarded', {
        headers: deliveries[0]!.headers,
        text: deliveries[0]!.text,
      }),
    ).to.deep.equal([]);
  });

  it('flags a forwarding more than 5 working days after receipt as late', async () => {
    const seeded = await triageTicket(SIX_WORKING_DAYS_BEFORE);
    const form = await forwardForm(chief, seeded.code);
    const done = await monitorFetch(url, `/monitor/tickets/${seeded.code}/forward`, {
      cookie: chief.cookie,
      form: { ...form, destinationCode: DESTINATION_WITH_MAIL.code, note: 'Chuyển muộn.' },
    });
    expect(done.status).to.equal(303);
    const page = await monitorFetch(url, `/monitor/tickets/${seeded.code}`, { cookie: chief.cookie });
    expect(page.text).to.contain('sau 6 ngày làm việc kể từ khi tiếp nhận');
    expect(page.text).to.contain('quá 5 ngày làm việc');
    await waitUntil(() => switchboard.deliveries.some((d) => d.body.code === seeded.code));
    expect(switchboard.deliveries.find((d) => d.body.code === seeded.code)!.body).to.deep.include({
      workingDays: 6,
      late: true,
    });
  });

  it('lets one of two Office Chiefs forwarding at once win; the other is told what changed', async () => {
    const seeded = await seedAssignedTicket(pipeline.config.LINK_SECRET, {
      deadline: new Date(NOW.getTime() + 10 * DAY_MS),
      fields: {
        receivedAt: FIVE_WORKING_DAYS_BEFORE,
        status: 'transfer_requested',
        transferRequest: {
          reason: 'Không thuộc thẩm quyền của Sở',
          requestedAt: new Date(NOW.getTime() - 3_600_000),
          requestedBy: 'Lê Văn Tâm (Phó phòng)',
          decision: 'pending',
        },
      },
    });
    const [first, second] = await Promise.all([
      forwardForm(chief, seeded.code),
      forwardForm(otherChief, seeded.code),
    ]);
    const post = (staff: MonitorStaff, form: Record<string, string>, note: string) =>
      monitorFetch(url, `/monitor/tickets/${seeded.code}/forward`, {
        cookie: staff.cookie,
        form: { ...form, destinationCode: DESTINATION_WITH_MAIL.code, note },
      });
    const results = await Promise.all([
      post(chief, first!, 'Lần thứ nhất.'),
      post(otherChief, second!, 'Lần thứ hai.'),
    ]);
    expect(results.map((r) => r.status).sort()).to.deep.equal([303, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.text).to.contain('Phiếu vừa được cập nhật');

    await pipeline.mail.waitFor(
      (m) => ofTicket(seeded.code)(m) && m.to.includes(DESTINATION_WITH_MAIL.email),
    );
    await waitUntil(() => switchboard.deliveries.some((d) => d.body.code === seeded.code));
    const ticket = (await Ticket.findById(seeded.ticketId).lean())!;
    expect(ticket.events.filter((e) => e.type === 'forwarded_outside')).to.have.length(1);
    expect(ticket.transferRequest!.decision).to.equal('accepted');
    time.advance(2_000);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(
      pipeline.mail
        .messages()
        .filter((m) => ofTicket(seeded.code)(m) && m.to.includes(DESTINATION_WITH_MAIL.email)),
    ).to.have.length(1);
    expect(switchboard.deliveries.filter((d) => d.body.code === seeded.code)).to.have.length(1);
  });

  it('refuses a destination without an e-mail address in Vietnamese and changes nothing', async () => {
    const seeded = await triageTicket(FIVE_WORKING_DAYS_BEFORE);
    const form = await forwardForm(chief, seeded.code);
    const refused = await monitorFetch(url, `/monitor/tickets/${seeded.code}/forward`, {
      cookie: chief.cookie,
      form: { ...form, destinationCode: DESTINATION_WITHOUT_MAIL.code, note: 'Thuộc xã.' },
    });
    expect(refused.status).to.equal(400);
    expect(refused.text).to.contain(`${DESTINATION_WITHOUT_MAIL.recipient} chưa có địa chỉ thư điện tử`);
    const ticket = (await Ticket.findById(seeded.ticketId).lean())!;
    expect(ticket.status).to.equal('assigned');
    expect(ticket.forwarding?.forwardedAt).to.equal(undefined);
  });

  it('refuses to forward a ticket a unit is handling (no "not ours", not the Office\'s triage)', async () => {
    const seeded = await seedAssignedTicket(pipeline.config.LINK_SECRET, {
      unitCode: 'QLVH',
      deadline: new Date(NOW.getTime() + 10 * DAY_MS),
    });
    const page = await monitorFetch(url, `/monitor/tickets/${seeded.code}`, { cookie: chief.cookie });
    expect(page.text).not.to.contain('id="forward-submit"');
    const field = (name: string) => hiddenField(page.text, '/close', name);
    const refused = await monitorFetch(url, `/monitor/tickets/${seeded.code}/forward`, {
      cookie: chief.cookie,
      form: {
        _csrf: field('_csrf'),
        formId: field('formId'),
        expectedStatus: field('expectedStatus'),
        expectedNo: field('expectedNo'),
        destinationCode: DESTINATION_WITH_MAIL.code,
        note: 'Thử.',
      },
    });
    expect(refused.status).to.equal(409);
    expect(refused.text).to.contain('Chỉ chuyển phiếu ra ngoài Sở khi');
    expect((await Ticket.findById(seeded.ticketId).lean())!.status).to.equal('assigned');
  });

  it('delivers what a forwarding owes after Redis lost it: the sweeper sends the e-mail and the webhook once', async () => {
    // As a forwarding leaves a ticket when Redis refused every enqueue: owed in MongoDB only.
    const forwardedAt = new Date(time.now().getTime() - 5_000);
    const seeded = await triageTicket(FIVE_WORKING_DAYS_BEFORE);
    const mail = outboxMail({
      ticketId: seeded.ticketId,
      key: 'forwarded-outside',
      kind: 'forwarded_outside',
      to: [DESTINATION_WITH_MAIL.email],
      now: forwardedAt,
      mailDomain: 'forward.test',
      data: { destinationName: 'Sở Y tế', recipient: 'Sở Y tế', note: 'Sau khi mất Redis.' },
    });
    await Ticket.updateOne(
      { _id: seeded.ticketId },
      {
        $set: {
          status: 'closed',
          next: null,
          webhookPending: true,
          forwarding: {
            destinationCode: 'SYT',
            destinationName: 'Sở Y tế',
            recipient: 'Sở Y tế',
            note: 'Sau khi mất Redis.',
            forwardedAt,
            workingDays: 5,
            late: false,
          },
        },
        $push: { outbox: mail },
      },
    );
    await pipeline.mail.waitFor(
      (m) => ofTicket(seeded.code)(m) && m.to.includes(DESTINATION_WITH_MAIL.email),
      {
        timeoutMs: 15_000,
      },
    );
    await waitUntil(() => switchboard.deliveries.some((d) => d.body.code === seeded.code), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(
      pipeline.mail
        .messages()
        .filter((m) => ofTicket(seeded.code)(m) && m.to.includes(DESTINATION_WITH_MAIL.email)),
    ).to.have.length(1);
    expect(switchboard.deliveries.filter((d) => d.body.code === seeded.code)).to.have.length(1);
  });
});
