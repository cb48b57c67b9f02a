import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './child-process.js';
import { ManagedProcess, redisAnswers } from './processes.js';
import { realClockEnv } from './real-clock-env.js';
import { waitUntil } from './wait.js';

const execFileAsync = promisify(execFile);

/** redis-cli, on the real clock like every redis binary (see real-clock-env.ts). */
export function runRedisCli(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return execFileAsync('redis-cli', args, { env: realClockEnv(), timeout: 15_000 });
}

async function redisCli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await runRedisCli(['-p', String(port), ...args]);
  return stdout.trim();
}

/** redis-server on a free port, nothing on disk, with extra arguments. */
async function redisNode(
  name: string,
  dir: string,
  extra: string[] = [],
): Promise<{ port: number; process: ManagedProcess }> {
  const port = await freePort();
  const node = new ManagedProcess(
    name,
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      ...extra,
    ],
    {},
    () => redisAnswers(`redis://127.0.0.1:${port}`),
  );
  await node.start();
  return { port, process: node };
}

/** A master, its replica and one Sentinel watching them (quorum 1, failover within a few seconds). */
export interface SentinelSetup {
  /** REDIS_URL as the service takes it: `redis+sentinel://127.0.0.1:<sentinel>/<master name>`. */
  url: string;
  master: { port: number; process: ManagedProcess };
  replica: { port: number; process: ManagedProcess };
  /** The port of the node Sentinel currently names as master. */
  currentMasterPort(): Promise<number>;
  stop(): Promise<void>;
}

export async function startSentinelSetup(masterName = 'hotline'): Promise<SentinelSetup> {
  const dir = await mkdtemp(join(tmpdir(), 'hotline-sentinel-'));
  const started: ManagedProcess[] = [];
  try {
    const master = await redisNode('redis-master', dir);
    started.push(master.process);
    const replica = await redisNode('redis-replica', dir, ['--replicaof', '127.0.0.1', String(master.port)]);
    started.push(replica.process);
    await waitUntil(
      async () => (await redisCli(replica.port, 'info', 'replication')).includes('master_link_status:up'),
      10_000,
      'replica never caught up with the master',
    );
    const sentinelPort = await freePort();
    // Sentinel rewrites its own configuration file, so it gets one of its own.
    const configFile = join(dir, 'sentinel.conf');
    await writeFile(
      configFile,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${masterName} 127.0.0.1 ${master.port} 1`,
        `sentinel down-after-milliseconds ${masterName} 1000`,
        `sentinel failover-timeout ${masterName} 5000`,
        '',
      ].join('\n'),
    );
    const sentinel = new ManagedProcess(
      'redis-sentinel',
      'redis-server',
      [configFile, '--sentinel'],
      {},
      () => redisAnswers(`redis://127.0.0.1:${sentinelPort}`),
    );
    await sentinel.start();
    started.push(sentinel);
    return {
      url: `redis+sentinel://127.0.0.1:${sentinelPort}/${masterName}`,
      master,
      replica,
      currentMasterPort: async () =>
        Number(
          (await redisCli(sentinelPort, 'sentinel', 'get-master-addr-by-name', masterName)).split('\n')[1],
        ),
      stop: async () => {
        await Promise.allSettled(started.map((p) => p.kill9()));
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((p) => p.kill9()));
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Three masters in one Redis Cluster, slots spread over them. */
export interface RedisClusterSetup {
  /** REDIS_URL as the service takes it: `redis+cluster://127.0.0.1:<a>,127.0.0.1:<b>,…`. */
  url: string;
  ports: number[];
  /** The port of the node serving the slot of `key`. */
  nodeOf(key: string): Promise<number>;
  stop(): Promise<void>;
}

export async function startRedisCluster(masters = 3): Promise<RedisClusterSetup> {
  const dir = await mkdtemp(join(tmpdir(), 'hotline-cluster-'));
  const nodes: Array<{ port: number; process: ManagedProcess }> = [];
  const stop = async (): Promise<void> => {
    await Promise.allSettled(nodes.map((n) => n.process.kill9()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      // The node's own port is known only once it is chosen, so its config file is named by index.
      const node = await redisNode(`redis-cluster-${i + 1}`, dir, [
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, `nodes-${i + 1}.conf`),
      ]);
      nodes.push(node);
    }
    const ports = nodes.map((n) => n.port);
    await runRedisCli([
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await waitUntil(
      async () => {
        const states = await Promise.all(ports.map((p) => redisCli(p, 'cluster', 'info')));
        return states.every((info) => info.includes('cluster_state:ok'));
      },
      20_000,
      'Redis Cluster never reached cluster_state:ok',
    );
    return {
      url: `redis+cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`,
      ports,
      nodeOf: async (key) => {
        const slot = Number(await redisCli(ports[0]!, 'cluster', 'keyslot', key));
        // `CLUSTER NODES`: a line per node, its slot ranges from the ninth field on ("0-5460").
        const table = await redisCli(ports[0]!, 'cluster', 'nodes');
        for (const line of table.split('\n')) {
          const fields = line.split(' ');
          const port = Number(/:(\d+)@/.exec(fields[1] ?? '')?.[1]);
          for (const range of fields.slice(8)) {
            const [from, to = from] = range.split('-').map(Number);
            if (slot >= from! && slot <= to!) return port;
          }
        }
        throw new Error(`no node serves slot ${slot}`);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
