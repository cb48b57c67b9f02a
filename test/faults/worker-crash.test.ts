import { expect } from 'chai';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { startFaultCluster, type FaultCluster } from './support/cluster.js';
import { waitForOutcome } from './support/outcome.js';
import { expectNothingLost, printCounts } from './support/report.js';
import { Burst } from './support/ticket-client.js';

const TICKETS = 60;
const KILLS = 3;
/** An e-mail claimed by a worker that was killed is held by its send lease (2 min) before another may send it. */
const RECOVERY_LIMIT_MS = 200_000;

describe('fault: a worker process is killed (kill -9) in the middle of a burst', function () {
  this.timeout(360_000);
  let cluster: FaultCluster | undefined;

  before(async () => {
    cluster = await startFaultCluster('worker-crash', { workers: 2, standin: 'process' });
  });
  after(async () => {
    await cluster?.stop();
  });

  it(`loses no ticket and sends no e-mail twice when one of two workers dies ${KILLS} times`, async () => {
    const c = cluster!;
    const [victim] = c.workers;
    const burst = new Burst({
      apiUrl: c.apiUrl,
      token: c.operatorToken,
      label: 'crash',
      count: TICKETS,
      // Slow enough that every kill falls inside the burst; it holds while the victim restarts.
      concurrency: 2,
      pauseMs: 1000,
    });
    const kills: number[] = [];
    for (let i = 1; i <= KILLS; i++) {
      await burst.reached(Math.round((TICKETS * i) / (KILLS + 1)));
      await victim!.kill9();
      kills.push(Date.now());
      await burst.holdWhile(victim!.start(60_000));
    }
    const submissions = await burst.finished;
    const keys = submissions.map((s) => s.key);
    const outcome = await waitForOutcome(c.operatorId, keys, c.mail, RECOVERY_LIMIT_MS);
    const tickets = await Ticket.find({
      idempotencyKey: { $in: keys.map((k) => `${c.operatorId}:${k}`) },
    }).lean();
    const retried = tickets.flatMap((t) => t.outbox).filter((m) => m.attempts > 1).length;
    const at = kills.map((time) => `${((time - burst.startedAt) / 1000).toFixed(0)} s`).join(', ');
    printCounts(
      `kill -9 worker ×${KILLS}`,
      outcome,
      `2 worker processes; ${victim!.name} killed at ${at} of a ${((burst.finishedAt - burst.startedAt) / 1000).toFixed(0)} s burst, restarted each time; ${retried} e-mails taken over from a killed worker, ${outcome.counts.duplicates} of which had reached SMTP before the kill (sent twice, same Message-ID); stand-in as its own process`,
    );
    expect(victim!.starts).to.equal(KILLS + 1);
    for (const time of kills)
      expect(time, 'killed while tickets were still coming in').to.be.below(burst.finishedAt);
    // At-least-once: a worker killed after the SMTP server took a message, before it was recorded as
    // sent, cannot know; after the lease another worker sends it again, with the same Message-ID.
    expectNothingLost(outcome, submissions, () => c.outputs(), { crashResends: KILLS });
    for (const worker of c.workers) expect(worker.running, `${worker.name} still up`).to.equal(true);
  });
});
