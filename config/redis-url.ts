/** A host and port of a Redis node or Sentinel. */
export interface HostPort {
  host: string;
  port: number;
}

interface Credentials {
  username?: string;
  password?: string;
  tls: boolean;
}

/** Where Redis is, as REDIS_URL says it. */
export type RedisTarget =
  | { kind: 'single'; url: string }
  | ({ kind: 'sentinel'; sentinels: HostPort[]; masterName: string; db: number } & Credentials)
  | ({ kind: 'cluster'; nodes: HostPort[] } & Credentials);

const TOPOLOGY_URL =
  /^(rediss?)\+(sentinel|cluster):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#@]+)(?:\/([^/?#]*))?(?:\/(\d+))?$/;

function hostPorts(list: string, defaultPort: number): HostPort[] {
  return list.split(',').map((item) => {
    const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(item.trim());
    const port = match?.[2] ? Number(match[2]) : defaultPort;
    if (!match || port < 1 || port > 65535) throw new Error(`"${item}" is not host:port`);
    return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
  });
}

function decoded(value: string | undefined): string | undefined {
  return value ? decodeURIComponent(value) : undefined;
}

/**
 * Reads REDIS_URL:
 * - `redis://[user:pass@]host:port[/db]` or `rediss://…`: one server (or a managed endpoint);
 * - `redis+sentinel://[user:pass@]s1:26379,s2:26379/<master name>[/db]`: the master Sentinel names,
 *   followed across failovers (the credentials are the master's);
 * - `redis+cluster://[user:pass@]n1:6379,n2:6379`: Redis Cluster (QUEUE_PREFIX must then be a hash
 *   tag such as `{hotline}`, so each queue's keys share one slot).
 * `rediss+…` uses TLS. Throws an Error saying what is wrong (never echoing the password).
 */
export function parseRedisUrl(value: string): RedisTarget {
  if (/^rediss?:\/\//.test(value)) return { kind: 'single', url: value };
  const match = TOPOLOGY_URL.exec(value);
  if (!match) {
    throw new Error(
      'must be redis://host:port, redis+sentinel://host:port,…/<master name> or redis+cluster://host:port,…',
    );
  }
  const [, scheme, kind, username, password, hosts, path, db] = match;
  const credentials: Credentials = {
    ...(decoded(username) ? { username: decoded(username) } : {}),
    ...(decoded(password) ? { password: decoded(password) } : {}),
    tls: scheme === 'rediss',
  };
  if (kind === 'sentinel') {
    if (!path) throw new Error('redis+sentinel:// needs the master name after the hosts, e.g. /mymaster');
    return {
      kind: 'sentinel',
      sentinels: hostPorts(hosts!, 26379),
      masterName: decodeURIComponent(path),
      db: db ? Number(db) : 0,
      ...credentials,
    };
  }
  if (path || db) throw new Error('redis+cluster:// takes no path: a cluster has no database numbers');
  return { kind: 'cluster', nodes: hostPorts(hosts!, 6379), ...credentials };
}

/** True when QUEUE_PREFIX is a hash tag, as Redis Cluster needs for BullMQ's multi-key scripts. */
export function isHashTagged(prefix: string): boolean {
  return /^\{[^{}]+\}/.test(prefix);
}
