import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { api, ticketBody } from '../support/intake-service.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';
import {
  runRedisCli,
  startRedisCluster,
  startSentinelSetup,
  type RedisClusterSetup,
  type SentinelSetup,
} from '../support/redis-topologies.js';
import { waitUntil } from '../support/wait.js';

/** Takes a call in through the API and waits for the unit's assignment e-mail; returns the ticket id. */
async function callReachesUnit(pipeline: Pipeline, token: string, subject: string): Promise<string> {
  const created = await api(pipeline.service.url!, 'POST', '/api/v1/tickets', {
    token,
    body: ticketBody({ subject }),
  });
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  const id = created.body.id as string;
  await pipeline.mail.waitFor((m) => m.messageId.startsWith(`${id}.assign-1@`), { timeoutMs: 30_000 });
  return id;
}

function sentOnce(pipeline: Pipeline, ids: string[]): void {
  const counts = pipeline.mail.byMessageId();
  for (const id of ids) {
    const assign = [...counts].filter(([messageId]) => messageId.startsWith(`${id}.assign-1@`));
    expect(
      assign.map(([, count]) => count),
      `assignment e-mail of ${id}`,
    ).to.deep.equal([1]);
  }
}

describe('Redis topologies: the same code on Sentinel and on Cluster', function () {
  this.timeout(120_000);

  describe('REDIS_URL=redis+sentinel://…', () => {
    let setup: SentinelSetup | undefined;
    let pipeline: Pipeline | undefined;
    let token: string;

    before(async () => {
      setup = await startSentinelSetup();
      pipeline = await startPipeline('sentinel', {
        http: true,
        workers: true,
        config: { REDIS_URL: setup.url },
      });
      token = (
        await createStaff({ name: 'Nguyễn Thị Lan', email: 'op@sentinel.test', role: 'operator' }, new Date())
      ).token;
    });
    after(async () => {
      await pipeline?.stop();
      await setup?.stop();
    });

    it('routes and e-mails through the master Sentinel names, and keeps doing so after a failover', async () => {
      const s = setup!;
      const p = pipeline!;
      const before = await callReachesUnit(p, token, 'Trước khi chuyển đổi dự phòng');

      await s.master.process.kill9();
      await waitUntil(
        async () => (await s.currentMasterPort()) === s.replica.port,
        30_000,
        'Sentinel never promoted the replica',
      );
      const after = await callReachesUnit(p, token, 'Sau khi chuyển đổi dự phòng');
      sentOnce(p, [before, after]);
    });
  });

  describe('REDIS_URL=redis+cluster://… with a hash-tagged QUEUE_PREFIX', () => {
    let cluster: RedisClusterSetup | undefined;
    let pipeline: Pipeline | undefined;
    let token: string;
    const prefix = `{test-cluster-${randomBytes(3).toString('hex')}}`;

    before(async () => {
      cluster = await startRedisCluster();
      pipeline = await startPipeline('cluster', {
        http: true,
        workers: true,
        config: { REDIS_URL: cluster.url, QUEUE_PREFIX: prefix },
      });
      token = (
        await createStaff({ name: 'Nguyễn Thị Lan', email: 'op@cluster.test', role: 'operator' }, new Date())
      ).token;
    });
    after(async () => {
      await pipeline?.stop();
      await cluster?.stop();
    });

    it('routes and e-mails, with every queue key in the hash tag’s slot on one node', async () => {
      const c = cluster!;
      const p = pipeline!;
      const ids = [
        await callReachesUnit(p, token, 'Phản ánh qua Redis Cluster 1'),
        await callReachesUnit(p, token, 'Phản ánh qua Redis Cluster 2'),
      ];
      sentOnce(p, ids);
      const home = await c.nodeOf(prefix);
      const keysOn = async (port: number): Promise<string[]> =>
        (await runRedisCli(['-p', String(port), '--scan', '--pattern', `${prefix}:*`])).stdout
          .split('\n')
          .filter(Boolean);
      expect(await keysOn(home)).to.include(`${prefix}:notify:meta`);
      for (const port of c.ports.filter((port) => port !== home))
        expect(await keysOn(port)).to.deep.equal([]);
    });
  });
});
