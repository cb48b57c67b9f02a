import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFaultCluster, type FaultCluster } from './support/cluster.js';
import { waitForOutcome } from './support/outcome.js';
import { expectNothingLost, printCounts } from './support/report.js';
import { Burst } from './support/ticket-client.js';

const TICKETS = 40;
const REDIS_DOWN_MS = 4000;
const RECOVERY_LIMIT_MS = 120_000;

describe('fault: Redis dies and comes back empty in the middle of a flow', function () {
  this.timeout(300_000);
  let cluster: FaultCluster | undefined;

  before(async () => {
    cluster = await startFaultCluster('redis-restart', { workers: 2, standin: 'process' });
  });
  after(async () => {
    await cluster?.stop();
  });

  it('stores tickets while Redis is down and delivers everything owed once it is back, each e-mail once', async () => {
    const c = cluster!;
    const burst = new Burst({
      apiUrl: c.apiUrl,
      token: c.operatorToken,
      label: 'redis',
      count: TICKETS,
      concurrency: 2,
      pauseMs: 300,
    });
    await burst.reached(TICKETS / 4);
    // Half the tickets so far are mid-way (assigned, timers pending, e-mails queued) when Redis goes.
    await c.redis.process.kill9();
    const downAt = Date.now();
    await sleep(REDIS_DOWN_MS);
    await c.redis.process.start();
    const downMs = Date.now() - downAt;

    const submissions = await burst.finished;
    const outcome = await waitForOutcome(
      c.operatorId,
      submissions.map((s) => s.key),
      c.mail,
      RECOVERY_LIMIT_MS,
    );
    const pendingAnswers = submissions.filter((s) => s.final === 201).length;
    printCounts(
      'Redis killed, restarted empty',
      outcome,
      `redis-server kill -9 after ${TICKETS / 4} submitted, down ${(downMs / 1000).toFixed(1)} s, same port, nothing on disk; ${pendingAnswers} tickets answered 201 throughout`,
    );
    expect(
      submissions.every((s) => s.statuses.every((status) => status === 201)),
      'intake never failed',
    ).to.equal(true);
    expectNothingLost(outcome, submissions, () => c.outputs());
    for (const process of c.processes()) expect(process.running, `${process.name} still up`).to.equal(true);
  });
});
