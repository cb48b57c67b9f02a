import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { parseRedisUrl, type RedisTarget } from '../../config/redis-url.js';

/** A connection to Redis, whatever its topology: BullMQ and our own calls take either. */
export type RedisClient = Redis | Cluster;

/**
 * `producer` connections fail fast when Redis is down, so a request can answer "routing pending"
 * instead of hanging; `worker` connections retry forever, as BullMQ workers require.
 */
function optionsFor(purpose: 'producer' | 'worker'): RedisOptions {
  return purpose === 'producer'
    ? {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        connectTimeout: 2000,
        retryStrategy: (times) => Math.min(times * 200, 2000),
      }
    : { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 200, 2000) };
}

function connect(target: RedisTarget, options: RedisOptions): RedisClient {
  if (target.kind === 'single') return new Redis(target.url, { ...options, lazyConnect: false });
  const auth = {
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
    ...(target.tls ? { tls: {} } : {}),
  };
  if (target.kind === 'sentinel') {
    return new Redis({
      ...options,
      ...auth,
      sentinels: target.sentinels,
      name: target.masterName,
      db: target.db,
      ...(target.tls ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
    });
  }
  const { retryStrategy, ...nodeOptions } = options;
  return new Cluster(target.nodes, {
    redisOptions: { ...nodeOptions, ...auth },
    clusterRetryStrategy: retryStrategy ?? ((times) => Math.min(times * 200, 2000)),
    enableOfflineQueue: options.enableOfflineQueue ?? true,
  });
}

/** Opens a connection to REDIS_URL (one server, Sentinel or Cluster, see config/redis-url.ts). */
export function createRedisConnection(url: string, purpose: 'producer' | 'worker'): RedisClient {
  const redis = connect(parseRedisUrl(url), optionsFor(purpose));
  // Connection errors are reported by whoever uses the connection; an unhandled 'error' event would crash.
  redis.on('error', () => {});
  return redis;
}

/** True when Redis answers PING within the timeout. */
export async function pingRedis(redis: RedisClient, timeoutMs = 1500): Promise<boolean> {
  try {
    const answer = await Promise.race([
      redis.ping(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return answer === 'PONG';
  } catch {
    return false;
  }
}
