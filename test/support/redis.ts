import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A BullMQ prefix of this test's own, since the machine's Redis is shared with other runs. */
export function uniqueQueuePrefix(label: string): string {
  return `test-${label.replace(/\W/g, '')}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Every key matching `pattern`, by a whole SCAN (never KEYS, so a shared Redis is not blocked). */
export async function scanKeys(redis: Pick<Redis, 'scan'>, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, page] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    keys.push(...page);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

/** Deletes every key under the prefix. */
export async function deleteQueuePrefix(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const keys = await scanKeys(redis, `${prefix}:*`);
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  } finally {
    redis.disconnect();
  }
}
