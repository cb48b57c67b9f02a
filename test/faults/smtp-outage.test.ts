import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { startFaultCluster, type FaultCluster } from './support/cluster.js';
import { waitForOutcome } from './support/outcome.js';
import { expectNothingLost, printCounts } from './support/report.js';
import { Burst } from './support/ticket-client.js';

const TICKETS = 40;
const SMTP_DOWN_MS = 12_000;
const RECOVERY_LIMIT_MS = 120_000;

describe('fault: the SMTP server refuses mail for a while', function () {
  this.timeout(300_000);
  let cluster: FaultCluster | undefined;

  before(async () => {
    cluster = await startFaultCluster('smtp-outage', { workers: 2, standin: 'process' });
  });
  after(async () => {
    await cluster?.stop();
  });

  it('retries every refused e-mail once SMTP answers again, and sends none twice', async () => {
    const c = cluster!;
    const burst = new Burst({
      apiUrl: c.apiUrl,
      token: c.operatorToken,
      label: 'smtp',
      count: TICKETS,
      concurrency: 2,
      pauseMs: 300,
    });
    await burst.reached(TICKETS / 4);
    c.mail.refuse('temporary');
    await sleep(SMTP_DOWN_MS);
    c.mail.refuse(false);

    const submissions = await burst.finished;
    const keys = submissions.map((s) => s.key);
    const outcome = await waitForOutcome(c.operatorId, keys, c.mail, RECOVERY_LIMIT_MS);
    const tickets = await Ticket.find({
      idempotencyKey: { $in: keys.map((k) => `${c.operatorId}:${k}`) },
    }).lean();
    const retried = tickets.flatMap((t) => t.outbox).filter((m) => m.attempts > 1).length;
    printCounts(
      'SMTP answers 451 for 12 s',
      outcome,
      `mailCatcher.refuse('temporary') after ${TICKETS / 4} submitted, then refuse(false); ${retried} e-mails needed more than one attempt`,
    );
    expect(retried, 'the outage refused some e-mails').to.be.greaterThan(0);
    expectNothingLost(outcome, submissions, () => c.outputs());
  });
});
