import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { SlaPolicySchema } from '../../config/sla-policy.js';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { AnswerPageClient } from '../support/answer-client.js';
import { monitorStaff } from '../support/monitor-client.js';
import { secondsPolicy } from '../support/pipeline.js';
import { SUPPORT_LINK, SupportPageClient } from '../support/support-client.js';
import { waitUntil } from '../support/wait.js';
import { startFaultCluster, type FaultCluster } from './support/cluster.js';
import { waitForOutcome } from './support/outcome.js';
import { expectNothingLost, printCounts } from './support/report.js';
import { faultTicketBody, submitTicket, type Submission } from './support/ticket-client.js';

const WAITING = 2;
const CO_HANDLED = 2;
/** Co-handled and then waiting on the citizen: its supporting unit pauses with the lead. */
const BOTH = 1;
const REDIS_DOWN_MS = 3000;
const RECOVERY_LIMIT_MS = 150_000;
const ANSWER_LINK = /\/answer\/([A-Za-z0-9_-]{43})/;

/**
 * Long enough to act on each ticket before the wipe (30 s for the lead, 30% of what is left for a
 * supporting unit, ~9 s, reminders halfway), short enough that the whole chain runs out within the
 * test, and the supporting deadlines well before the lead's reminder (at 20 s).
 */
const policy = SlaPolicySchema.parse(
  secondsPolicy({
    deadlines: { normal: { seconds: 30 }, urgent: { seconds: 15 } },
    reminderBefore: { seconds: 10 },
    escalation: [
      { level: 1, notify: ['officeChief'] },
      { level: 2, after: { seconds: 4 }, notify: ['director'] },
    ],
    coHandling: { inputShare: 0.3 },
  }),
);

type Caught = { headers: Record<string, string>; messageId: string; text: string };

describe('fault: Redis is wiped while tickets wait on citizens and are being co-handled', function () {
  this.timeout(360_000);
  let cluster: FaultCluster | undefined;

  before(async () => {
    cluster = await startFaultCluster('redis-wipe-flow', { workers: 2, standin: 'process', policy });
  });
  after(async () => {
    await cluster?.stop();
  });

  it('loses no paused deadline, supporting link or timer, and sends nothing twice', async () => {
    const c = cluster!;
    const chief = await monitorStaff('chief', 'Trần Văn Bình', 'chief@redis-wipe-flow.faults.test');
    const submissions: Submission[] = [];
    for (let i = 0; i < WAITING + CO_HANDLED + BOTH; i++) {
      // Categories without a conduct reviewer, so each ticket's chain is the plain one.
      const body = { ...faultTicketBody('redis-wipe-flow', i), category: i % 2 ? 'tourism' : 'sports' };
      submissions.push(await submitTicket(c.apiUrl, c.operatorToken, `wipe-flow-${i}`, body));
    }
    const tickets = await Promise.all(
      submissions.map(async (submission) => {
        const stored = (await Ticket.findById(submission.ticketId).lean())!;
        const ofTicket = (m: Caught) => m.headers['x-hotline-ticket'] === stored.code;
        const [assign] = await c.mail.waitFor((m) => ofTicket(m) && m.messageId.includes('.assign-1@'), {
          timeoutMs: 20_000,
        });
        return {
          id: stored._id.toString(),
          code: stored.code,
          ofTicket,
          lead: ANSWER_LINK.exec(assign!.text)![1]!,
        };
      }),
    );
    const waiting = tickets.slice(0, WAITING);
    const coHandled = tickets.slice(WAITING, WAITING + CO_HANDLED);
    const both = tickets.slice(WAITING + CO_HANDLED);

    async function askCitizen(ticket: (typeof tickets)[number]): Promise<void> {
      const page = new AnswerPageClient(c.apiUrl, ticket.lead);
      await page.open();
      const asked = await page.postForm('citizen-info', {
        question: 'Đề nghị cho biết địa chỉ cụ thể.',
        name: 'Lê Thị Hoa',
        position: 'Chuyên viên',
      });
      expect(asked.status).to.equal(303);
    }
    // The units of the first tickets ask the citizen for more information: their deadlines pause.
    for (const ticket of waiting) await askCitizen(ticket);
    // The Office Chief names two supporting units on each of the others (one on the last, whose
    // lead then asks the citizen: its supporting unit pauses with it).
    for (const ticket of [...coHandled, ...both]) {
      const page = await fetch(`${c.apiUrl}/monitor/tickets/${ticket.code}`, {
        headers: { cookie: chief.cookie, accept: 'text/html' },
      }).then((r) => r.text());
      const form = page.split('<form').find((part) => part.includes('/support"'))!;
      const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(form)![1]!;
      const body = new URLSearchParams({
        _csrf: hidden('_csrf'),
        formId: hidden('formId'),
        expectedStatus: hidden('expectedStatus'),
        expectedNo: hidden('expectedNo'),
      });
      const count = both.includes(ticket) ? 1 : 2;
      for (const match of [...form.matchAll(/name="unitCodes" value="([^"]+)"/g)].slice(0, count))
        body.append('unitCodes', match[1]!);
      const named = await fetch(`${c.apiUrl}/monitor/tickets/${ticket.code}/support`, {
        method: 'POST',
        headers: { cookie: chief.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body,
        redirect: 'manual',
      });
      expect(named.status).to.equal(303);
    }
    // At once, well before the supporting reminder (~4.5 s after naming) would be due.
    for (const ticket of both) await askCitizen(ticket);
    const invitations = await c.mail.waitFor((m) => m.messageId.includes('.support-assign-'), {
      count: 2 * CO_HANDLED + BOTH,
      timeoutMs: 20_000,
    });

    // Redis dies and comes back empty: every delayed reminder, escalation and supporting timer is gone.
    await c.redis.process.kill9();
    await sleep(REDIS_DOWN_MS);
    await c.redis.process.start();

    // After the wipe the operators record what the citizens said; one supporting unit of each
    // co-handled ticket sends its input, the other sends nothing (it is reminded and escalated).
    const operatorHeaders = {
      authorization: `Bearer ${c.operatorToken}`,
      'content-type': 'application/json',
    };
    for (const ticket of waiting) {
      const recorded = await fetch(`${c.apiUrl}/api/v1/tickets/${ticket.code}/citizen-reply`, {
        method: 'POST',
        headers: operatorHeaders,
        body: JSON.stringify({ reply: 'Số 12 đường Nguyễn Huệ, phường 1.' }),
      });
      expect(recorded.status, await recorded.clone().text()).to.equal(200);
    }
    for (const ticket of coHandled) {
      const invitation = invitations
        .filter((m) => m.headers['x-hotline-ticket'] === ticket.code)
        .sort((a, b) => a.messageId.localeCompare(b.messageId))[0]!;
      const page = new SupportPageClient(c.apiUrl, SUPPORT_LINK.exec(invitation.text)![1]!);
      await page.open();
      const sent = await page.postInput({
        text: 'Ý kiến phối hợp của đơn vị.',
        name: 'Võ Minh Tâm',
        position: 'Chuyên viên',
      });
      expect(sent.status).to.equal(303);
    }

    // The silent supporting units of the co-handled tickets are escalated (the sweeper found their lost
    // timers); past the paused supporting unit's own deadline, with sweeps in between, it is owed nothing.
    await c.mail.waitFor((m) => m.messageId.includes('.support-escalate-'), {
      count: CO_HANDLED,
      timeoutMs: 60_000,
    });
    for (const ticket of both) {
      const pausedDeadline = (await Ticket.findById(ticket.id).lean())!.supports[0]!.deadline.getTime();
      await waitUntil(async () => Date.now() > pausedDeadline + 3000, 30_000, 'past the paused deadline');
      const paused = (await Ticket.findById(ticket.id).lean())!;
      expect(paused.status).to.equal('waiting_citizen');
      expect(paused.supports[0]!.next ?? null, 'a paused supporting timer').to.equal(null);
      expect(paused.supports[0]!.pausedNext).to.not.equal(null);
      expect(
        paused.outbox.filter((m) => /^support-(remind|escalate|overdue)-/.test(m.key)),
        'nothing sent to a paused supporting unit',
      ).to.have.length(0);
      const recorded = await fetch(`${c.apiUrl}/api/v1/tickets/${ticket.code}/citizen-reply`, {
        method: 'POST',
        headers: operatorHeaders,
        body: JSON.stringify({ reply: 'Số 5 đường Lý Thường Kiệt, phường 2.' }),
      });
      expect(recorded.status, await recorded.clone().text()).to.equal(200);
    }

    // Everything owed arrives once: the resumed chains to their end, each supporting unit's reminder,
    // the silent one's escalation; no timer is left anywhere.
    const outcome = await waitForOutcome(
      c.operatorId,
      submissions.map((s) => s.key),
      c.mail,
      RECOVERY_LIMIT_MS,
    );
    printCounts(
      'Redis wiped: waiting on citizens, co-handled',
      outcome,
      `${WAITING} tickets paused on the citizen, ${CO_HANDLED} with 2 supporting units each, ${BOTH} with 1 paused with its lead, redis-server kill -9, down ${REDIS_DOWN_MS / 1000} s, restarted empty`,
    );
    expectNothingLost(outcome, submissions, () => c.outputs());
    await waitUntil(
      async () =>
        (await Ticket.find({ _id: { $in: [...coHandled, ...both].map((t) => t.id) } }).lean()).every((t) =>
          t.supports.every((support) => !support.next),
        ),
      30_000,
      'supporting timers run out',
    );
    for (const ticket of coHandled) {
      const stored = (await Ticket.findById(ticket.id).lean())!;
      const keys = stored.outbox
        .map((m) => m.key)
        .filter((key) => key.startsWith('support-'))
        .sort();
      const [sender, silent] = stored.supports;
      // The sender may have been reminded before it sent its input (the wipe's timing decides), never twice.
      const expected = [
        `support-assign-${sender!.no}`,
        `support-input-${sender!.no}`,
        ...(sender!.remindedAt ? [`support-remind-${sender!.no}`] : []),
        `support-assign-${silent!.no}`,
        `support-remind-${silent!.no}`,
        `support-escalate-${silent!.no}`,
        `support-overdue-${silent!.no}`,
      ];
      expect(keys, ticket.code).to.deep.equal(expected.sort());
      // At its own deadline, not when some later change of the lead's happens to re-enqueue it: the
      // silent unit is escalated before the lead is even reminded (the sweeper found its lost timer).
      const at = (type: string) => stored.events.find((event) => event.type === type)!.at.getTime();
      expect(at('support_escalated'), `${ticket.code}: escalated on its own deadline`).to.be.lessThan(
        at('reminder_sent'),
      );
      expect(
        stored.outbox.every((m) => m.sentAt),
        `${ticket.code}: every e-mail sent`,
      ).to.equal(true);
    }
    for (const ticket of both) {
      // Its supporting unit resumed with the lead: its deadline moved by the same wait, then it was
      // reminded and escalated once each, at the moved times.
      const stored = (await Ticket.findById(ticket.id).lean())!;
      const [support] = stored.supports;
      const asked = stored.events.find((event) => event.type === 'support_requested')!;
      const firstDeadline = new Date(
        (asked.data as { supports: Array<{ deadline: string | Date }> }).supports[0]!.deadline,
      ).getTime();
      const waited = stored.citizenRequest!.pausedMs!;
      expect(waited).to.be.greaterThan(0);
      expect(support!.deadline.getTime() - firstDeadline, 'moved by the wait').to.equal(waited);
      const keys = stored.outbox
        .map((m) => m.key)
        .filter((key) => key.startsWith('support-'))
        .sort();
      expect(keys, ticket.code).to.deep.equal(
        ['support-assign-1', 'support-escalate-1', 'support-overdue-1', 'support-remind-1'].sort(),
      );
      const escalated = stored.events.find((event) => event.type === 'support_escalated')!.at.getTime();
      expect(escalated, 'escalated at the moved deadline').to.be.at.least(support!.deadline.getTime() - 1000);
      expect(
        stored.outbox.every((m) => m.sentAt),
        `${ticket.code}: every e-mail sent`,
      ).to.equal(true);
    }
    for (const ticket of waiting) {
      const stored = (await Ticket.findById(ticket.id).lean())!;
      expect(stored.citizenRequest!.pausedMs, 'the deadline moved by the wait').to.be.greaterThan(0);
      expect(
        stored.outbox.some((m) => m.key === 'citizen-info-received-1' || m.kind === 'citizen_info_received'),
      ).to.equal(true);
    }
    for (const process of c.processes()) expect(process.running, `${process.name} still up`).to.equal(true);
  });
});
