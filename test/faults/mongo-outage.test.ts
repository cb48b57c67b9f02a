import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { waitUntil } from '../support/wait.js';
import { startFaultCluster, type FaultCluster } from './support/cluster.js';
import { waitForOutcome } from './support/outcome.js';
import { expectNothingLost, printCounts } from './support/report.js';
import { Burst } from './support/ticket-client.js';

const TICKETS = 40;
const MONGO_DOWN_MS = 12_000;
const RECOVERY_LIMIT_MS = 120_000;

async function readiness(url: string): Promise<{ status: number; failing: string[] }> {
  const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5000) });
  const body = (await response.json()) as { failing?: string[] };
  return { status: response.status, failing: body.failing ?? [] };
}

/**
 * The stand-in keeps its data in memory, so stopping its process would lose every ticket stored
 * before: that tests the stand-in, not us. This scenario runs the stand-in inside the test process
 * and uses suspend()/resume(): the port stops listening and every open connection is dropped (what
 * the services see is the same as a MongoDB that went away), and the data is still there afterwards.
 */
describe('fault: MongoDB becomes unreachable during intake (stand-in suspended, data kept)', function () {
  this.timeout(300_000);
  let cluster: FaultCluster | undefined;

  before(async () => {
    cluster = await startFaultCluster('mongo-outage', { workers: 2, standin: 'in-test' });
  });
  after(async () => {
    await cluster?.stop();
  });

  it('answers 503 with Retry-After while MongoDB is away, writes nothing half-way, and catches up', async () => {
    const c = cluster!;
    const burst = new Burst({
      apiUrl: c.apiUrl,
      token: c.operatorToken,
      label: 'mongo',
      count: TICKETS,
      concurrency: 2,
      pauseMs: 300,
    });
    await burst.reached(TICKETS / 4);
    await c.standin!.suspend();
    const downAt = Date.now();
    await sleep(2000);
    const duringOutage = await readiness(c.apiUrl);
    await sleep(Math.max(0, MONGO_DOWN_MS - (Date.now() - downAt)));
    await c.standin!.resume();
    const downMs = Date.now() - downAt;
    await waitUntil(
      async () => (await readiness(c.apiUrl)).status === 200,
      30_000,
      '/readyz never recovered',
    );

    const submissions = await burst.finished;
    const outcome = await waitForOutcome(
      c.operatorId,
      submissions.map((s) => s.key),
      c.mail,
      RECOVERY_LIMIT_MS,
    );
    const statuses = submissions.flatMap((s) => s.statuses);
    const refused = statuses.filter((status) => status === 503).length;
    const replayed = submissions.filter((s) => s.final === 200).length;
    printCounts(
      `MongoDB unreachable ${(downMs / 1000).toFixed(0)} s`,
      outcome,
      `stand-in in the test process, suspend()/resume() (connections dropped, data kept); ${refused} POSTs answered 503 + Retry-After and were retried with the same Idempotency-Key (${replayed} replays)`,
    );

    expect(duringOutage.status, '/readyz during the outage').to.equal(503);
    expect(duringOutage.failing).to.include('mongodb');
    expect(refused, 'some POSTs met the outage').to.be.greaterThan(0);
    expect([...new Set(statuses)].sort(), 'only 201, 200 (replay) or 503').to.satisfy((seen: number[]) =>
      seen.every((status) => [200, 201, 503].includes(status)),
    );
    expect(
      submissions.reduce((sum, s) => sum + s.retryAfterMissing, 0),
      'every 503 says Retry-After',
    ).to.equal(0);
    // Nothing half-written: no ticket outside the submitted ones, none twice (the retries replayed).
    expect(await Ticket.countDocuments({}), 'tickets in the database').to.equal(TICKETS);
    expectNothingLost(outcome, submissions, () => c.outputs());
    for (const process of c.processes()) expect(process.running, `${process.name} still up`).to.equal(true);
  });
});
