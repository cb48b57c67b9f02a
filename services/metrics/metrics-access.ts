import type { Request, RequestHandler } from 'express';
import { AppError } from '../../shared/errors/app-error.js';
import { hashToken, safeEqual } from '../../shared/security/tokens.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * A reverse proxy on the same host reaches us from loopback on behalf of anyone, so a request
 * that was forwarded does not count as local whatever its socket address.
 */
export function isLocalClient(req: Request): boolean {
  const forwarded = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
  return !forwarded && LOOPBACK.has(req.socket.remoteAddress ?? '');
}

/**
 * Who may scrape: with `token` set, only `Authorization: Bearer <token>` (else 401); without it,
 * only loopback clients (else 404, so the endpoint is not advertised).
 */
export function allowScrape(token: string | undefined): RequestHandler {
  const expected = token === undefined ? undefined : hashToken(token);
  return (req, _res, next) => {
    if (expected === undefined) {
      next(isLocalClient(req) ? undefined : new AppError(404, 'NOT_FOUND'));
      return;
    }
    const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    // Hashes compared in constant time, so neither the token nor its length leaks through timing.
    if (given !== undefined && safeEqual(hashToken(given), expected)) {
      next();
      return;
    }
    next(new AppError(401, 'UNAUTHENTICATED', { headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' } }));
  };
}
