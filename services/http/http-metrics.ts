import type { RequestHandler } from 'express';
import { metrics } from '../../shared/metrics/metrics.js';
import { routePattern } from './route-pattern.js';

/** Observes every request's latency into `http_request_duration_seconds` once the response is sent. */
export function httpMetrics(): RequestHandler {
  return (req, res, next) => {
    const stopTimer = metrics.httpRequestDuration.startTimer();
    res.on('finish', () => {
      stopTimer({ method: req.method, route: routePattern(req), status: String(res.statusCode) });
    });
    next();
  };
}
