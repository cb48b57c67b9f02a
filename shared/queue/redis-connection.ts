import { Redis, type RedisOptions } from 'ioredis';

/**
 * `producer` connections fail fast when Redis is down, so a request can answer "routing pending"
 * instead of hanging; `worker` connections retry forever, as BullMQ workers require.
 */
export function createRedisConnection(url: string, purpose: 'producer' | 'worker'): Redis {
  const options: RedisOptions =
    purpose === 'producer'
      ? {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          connectTimeout: 2000,
          retryStrategy: (times) => Math.min(times * 200, 2000),
        }
      : { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 200, 2000) };
  const redis = new Redis(url, { ...options, lazyConnect: false });
  // Connection errors are reported by whoever uses the connection; an unhandled 'error' event would crash.
  redis.on('error', () => {});
  return redis;
}

/** True when Redis answers PING within the timeout. */
export async function pingRedis(redis: Redis, timeoutMs = 1500): Promise<boolean> {
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
