import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { createStaff } from '../shared/staff/staff-accounts.js';
import { freePort } from '../test/support/child-process.js';
import { connectBenchDatabase, databaseUri, serviceEnv, startBenchMongo, startRedisServer } from './infra.js';
import { ManagedProcess } from '../test/faults/support/processes.js';
const cpu = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) / 100; };
const mongo = await startBenchMongo();
const redis = await startRedisServer('redis(bench)');
const { uri } = databaseUri(mongo, 'prof');
await connectBenchDatabase(uri);
const op = await createStaff({ name: 'A', email: 'a@b.test', role: 'operator' }, new Date());
const [port, barePort] = [await freePort(), await freePort()];
const extraArgs = process.argv.slice(2);
const server: ManagedProcess = new ManagedProcess('srv', process.execPath, [...extraArgs, '--import', 'tsx', 'bench/servers/intake-server.ts'], { ...serviceEnv({ mongoUri: uri, redisUrl: redis.url, prefix: 'prof' }), PORT: String(port), BENCH_BARE_PORT: String(barePort) }, async () => server.output().includes('ready'));
await server.start(60000);
const TICKET = JSON.stringify({ channel: 'phone', citizen: { name: 'Võ Thị Hồng', phone: '0912 345 678' }, category: 'heritage', subject: 'Di tích', content: 'Tường rào' });
for (const round of [1, 2, 3]) {
  const pids = { server: server.pid!, standin: mongo.standin!.process.pid!, redis: redis.process.pid!, self: process.pid };
  const before = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, cpu(p)]));
  let n = 0; const run = randomBytes(3).toString('hex');
  const r = await autocannon({ url: `http://127.0.0.1:${port}`, connections: 50, duration: 8, requests: [{ method: 'POST', path: '/api/v1/tickets', headers: { 'content-type': 'application/json', authorization: `Bearer ${op.token}` }, body: TICKET, setupRequest: (q) => ({ ...q, headers: { ...q.headers, 'idempotency-key': `${run}-${++n}` } }) }] });
  const after = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, cpu(p)]));
  console.log(`round ${round}: ${(r.requests.total / r.duration).toFixed(0)} req/s p50 ${r.latency.p50} non2xx ${r.non2xx}`, Object.fromEntries(Object.keys(pids).map((k) => [k, (after[k]! - before[k]!).toFixed(1) + 's'])));
}
await server.stop(); await redis.process.stop(); await mongo.standin?.process.stop();
process.exit(0);
