import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit as expressRateLimit } from 'express-rate-limit';
import type { RedisClient } from '../../shared/queue/redis-connection.js';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type winston from 'winston';
import type { Config } from '../../config/env.js';
import { AppError } from '../../shared/errors/app-error.js';

export interface RateLimitOptions {
  /** Short name, part of the Redis key (`<QUEUE_PREFIX>:rl:<name>:`), e.g. `login`, `answer`, `api`. */
  name: string;
  /** Length of the counting window, in milliseconds. */
  windowMs: number;
  /** Requests allowed per client per window; the next one gets a 429. */
  limit: number;
  /** Who counts as one client. Default: the client IP (IPv6 grouped by /56), honouring TRUST_PROXY. */
  keyGenerator?: (req: Request, res: Response) => string;
  /** Count only responses for which this is true (e.g. the 404s of guessed answer links). Default: every request counts. */
  countsTowardLimit?: (statusCode: number) => boolean;
  /** Requests for which this resolves true are neither limited nor counted. Default: none. */
  skip?: (req: Request) => Promise<boolean> | boolean;
}

export type RateLimitContext = {
  redis: RedisClient;
  config: Pick<Config, 'QUEUE_PREFIX'>;
  log: winston.Logger;
};

/** How often a limiter may log that its store failed, in milliseconds: once a minute, not once a request. */
const STORE_ERROR_LOG_INTERVAL_MS = 60_000;

/**
 * `rate-limit-redis` loads its Lua scripts once, when the limiter is created; if Redis is not
 * connected yet (the fail-fast producer connection at start-up) that promise stays rejected and
 * the limiter would never limit. So SCRIPT LOAD is answered locally (the SHA-1 of the script is
 * what Redis would return) and EVALSHA falls back to EVAL when Redis does not know the script yet.
 */
function sendCommandVia(redis: RedisClient): (...args: string[]) => Promise<RedisReply> {
  const scripts = new Map<string, string>();
  return async (command, ...args) => {
    const name = command.toUpperCase();
    if (name === 'SCRIPT' && args[0]?.toUpperCase() === 'LOAD' && args[1] !== undefined) {
      const sha = createHash('sha1').update(args[1]).digest('hex');
      scripts.set(sha, args[1]);
      return sha;
    }
    if (name === 'EVALSHA' && args[0] !== undefined) {
      const [sha, ...rest] = args;
      try {
        return (await redis.call('EVALSHA', sha, ...rest)) as RedisReply;
      } catch (error) {
        const script = scripts.get(sha);
        if (!script || !(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return (await redis.call('EVAL', script, ...rest)) as RedisReply;
      }
    }
    return (await redis.call(command, ...args)) as RedisReply;
  };
}

/**
 * A Redis-backed rate limiter for one purpose, shared by every HTTP process. Over the limit it
 * answers 429 `RATE_LIMITED` (through the central error handler) with `Retry-After` in seconds.
 * When Redis is down it lets requests through: ticket intake must keep working without Redis.
 */
export function rateLimit(ctx: RateLimitContext, options: RateLimitOptions): RequestHandler {
  let lastStoreErrorLogAt = 0;
  const logStoreError = (error: unknown, message?: string): void => {
    const now = Date.now();
    if (now - lastStoreErrorLogAt < STORE_ERROR_LOG_INTERVAL_MS) return;
    lastStoreErrorLogAt = now;
    ctx.log.warn('rate limiter store failed (Redis down?); requests pass unlimited', {
      limiter: options.name,
      detail: message,
      error: error instanceof Error ? error.message : String(error),
    });
  };
  return expressRateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    passOnStoreError: true,
    ...(options.keyGenerator ? { keyGenerator: options.keyGenerator } : {}),
    ...(options.skip ? { skip: options.skip } : {}),
    ...(options.countsTowardLimit
      ? {
          skipSuccessfulRequests: true,
          requestWasSuccessful: (_req: Request, res: { statusCode: number }) =>
            !options.countsTowardLimit?.(res.statusCode),
        }
      : {}),
    store: new RedisStore({
      sendCommand: sendCommandVia(ctx.redis),
      prefix: `${ctx.config.QUEUE_PREFIX}:rl:${options.name}:`,
    }),
    logger: {
      error: logStoreError,
      warn: (error, message) =>
        ctx.log.warn('rate limiter warning', {
          limiter: options.name,
          detail: message,
          error: String(error),
        }),
    },
    handler: (_req, _res, next) => next(new AppError(429, 'RATE_LIMITED')),
  });
}
