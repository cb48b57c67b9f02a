import { expect } from 'chai';
import { startFaultCluster, type FaultCluster } from './support/cluster.js';
import { waitForOutcome } from './support/outcome.js';
import { activeJobsOf } from './support/worker-metrics.js';
import { expectNothingLost, printCounts } from './support/report.js';
import { Burst } from './support/ticket-client.js';
import { waitUntil } from '../support/wait.js';

const TICKETS = 60;
const STOPS = 3;
/** While a stop is due the SMTP server answers slowly, so the victim is in the middle of sending. */
const SLOW_SMTP_MS = 1500;
/** A graceful stop leaves no send lease behind, so everything settles within a few sweep intervals. */
const RECOVERY_LIMIT_MS = 90_000;
/** SHUTDOWN_TIMEOUT_SECONDS in the cluster is 5 s: a graceful stop ends well before our SIGKILL. */
const STOP_LIMIT_MS = 15_000;

describe('fault: a worker process is stopped with SIGTERM in the middle of a burst', function () {
  this.timeout(360_000);
  let cluster: FaultCluster | undefined;

  before(async () => {
    cluster = await startFaultCluster('worker-sigterm', { workers: 2, standin: 'process' });
  });
  after(async () => {
    await cluster?.stop();
  });

  it(`finishes what it holds, loses no ticket and sends no e-mail twice (${STOPS} stops)`, async () => {
    const c = cluster!;
    const [victim] = c.workers;
    const victimUrl = c.workerUrls[0]!;
    const burst = new Burst({
      apiUrl: c.apiUrl,
      token: c.operatorToken,
      label: 'sigterm',
      count: TICKETS,
      concurrency: 2,
      pauseMs: 1000,
    });
    const stops: Array<{ at: number; tookMs: number; graceful: boolean; sending: number }> = [];
    for (let i = 1; i <= STOPS; i++) {
      await burst.reached(Math.round((TICKETS * i) / (STOPS + 1)));
      c.mail.delay(SLOW_SMTP_MS);
      let sending = 0;
      await waitUntil(
        async () => (sending = (await activeJobsOf(victimUrl)).notify ?? 0) > 0,
        30_000,
        `${victim!.name} never had an e-mail in flight`,
      );
      const at = Date.now();
      const graceful = await victim!.stop(STOP_LIMIT_MS);
      stops.push({ at, tookMs: Date.now() - at, graceful, sending });
      c.mail.delay(0);
      await burst.holdWhile(victim!.start(60_000));
    }
    const submissions = await burst.finished;
    const keys = submissions.map((s) => s.key);
    const outcome = await waitForOutcome(c.operatorId, keys, c.mail, RECOVERY_LIMIT_MS);
    const when = stops
      .map(
        (s) =>
          `${((s.at - burst.startedAt) / 1000).toFixed(0)} s (${s.sending} e-mail(s) in flight, exit after ${(s.tookMs / 1000).toFixed(1)} s)`,
      )
      .join(', ');
    printCounts(
      `SIGTERM worker ×${STOPS}`,
      outcome,
      `2 worker processes; SMTP slowed to ${SLOW_SMTP_MS / 1000} s per message around each stop; ${victim!.name} stopped at ${when} of a ${((burst.finishedAt - burst.startedAt) / 1000).toFixed(0)} s burst, restarted each time; stand-in as its own process`,
    );
    expect(victim!.starts).to.equal(STOPS + 1);
    for (const stop of stops) {
      expect(stop.at, 'stopped while tickets were still coming in').to.be.below(burst.finishedAt);
      expect(stop.graceful, `exited 0 on its own after SIGTERM\n${victim!.output().slice(-3000)}`).to.equal(
        true,
      );
    }
    // A graceful stop finishes the sends it started and records them: nothing may arrive twice.
    expectNothingLost(outcome, submissions, () => c.outputs());
    for (const worker of c.workers) expect(worker.running, `${worker.name} still up`).to.equal(true);
  });
});
