import type { RequestHandler } from 'express';
import { AppError } from '../../shared/errors/app-error.js';

/**
 * Past capacity, answer at once instead of queueing: at most `max` requests are served at the same
 * time; the next one gets 503 OVERLOADED with `Retry-After` (seconds) and changes nothing. Without
 * it, a burst larger than the process can serve waits in line and every caller's latency grows to
 * seconds; with it, latency stays near `max / throughput` and the excess is refused in microseconds.
 * The switchboard retries with the same Idempotency-Key, so nothing is lost and nothing is doubled.
 * Counted per process, from the guard until the response is finished or the client goes away.
 */
export function inFlightGuard(options: { max: number; retryAfterSeconds: number }): RequestHandler {
  let inFlight = 0;
  return (_req, res, next) => {
    if (inFlight >= options.max) {
      throw new AppError(503, 'OVERLOADED', {
        headers: { 'Retry-After': String(options.retryAfterSeconds) },
      });
    }
    inFlight++;
    let done = false;
    const release = (): void => {
      if (done) return;
      done = true;
      inFlight--;
    };
    res.once('finish', release);
    res.once('close', release);
    next();
  };
}
