import type { RequestHandler } from 'express';
import type winston from 'winston';
import { routePattern } from './route-pattern.js';

/**
 * One line per HTTP request: method, route pattern (never the raw path, which can hold an answer
 * token), status, latency and the ticket code when a handler set `res.locals.ticketCode`.
 */
export function requestLog(log: winston.Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
      log.http('http request', {
        method: req.method,
        route: routePattern(req),
        status: res.statusCode,
        latencyMs: Math.round(latencyMs * 10) / 10,
        ...(res.locals.ticketCode ? { ticketCode: res.locals.ticketCode } : {}),
      });
    });
    next();
  };
}
