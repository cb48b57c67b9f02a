import type { ErrorRequestHandler, RequestHandler } from 'express';
import type winston from 'winston';
import { AppError, errorBody } from '../../shared/errors/app-error.js';
import { isDatabaseUnavailable } from './database-errors.js';
import type { ViewRenderer } from './views.js';

/** Maps anything thrown to an AppError; unknown errors become a 500 that leaks no detail. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const typed = error as { type?: string; status?: number; statusCode?: number };
  switch (typed?.type) {
    case 'entity.parse.failed':
      return new AppError(400, 'MALFORMED_JSON');
    case 'entity.too.large':
      return new AppError(413, 'PAYLOAD_TOO_LARGE');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new AppError(400, 'VALIDATION_FAILED');
  }
  if (isDatabaseUnavailable(error)) {
    return new AppError(503, 'DATABASE_UNAVAILABLE', { headers: { 'Retry-After': '5' } });
  }
  const status = typed?.status ?? typed?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError(status, status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED');
  }
  return new AppError(500, 'INTERNAL');
}

function wantsHtml(path: string, accept: string | undefined): boolean {
  if (path.startsWith('/api/')) return false;
  return (accept ?? '').includes('text/html');
}

export function notFoundHandler(): RequestHandler {
  return (_req, _res, next) => next(new AppError(404, 'NOT_FOUND'));
}

/** The one error handler: JSON `{ error: { code, message, details? } }` for the API, a Vietnamese page for people. */
export function errorHandler(log: winston.Logger, views: ViewRenderer): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError = toAppError(error);
    // Shedding load is expected and happens in bursts: a log line (with a stack) per refused request
    // would spend the CPU the guard saves.
    if (appError.code === 'DATABASE_UNAVAILABLE') {
      // An outage refuses every request until MongoDB is back; the client retries. One short line
      // each, without a stack: the stack says nothing the message does not, and floods the log.
      log.warn('request refused: database unavailable', {
        method: req.method,
        route: req.route?.path ?? req.baseUrl,
        reason: error instanceof Error ? error.message : String(error),
      });
    } else if (appError.status >= 500 && appError.code !== 'OVERLOADED') {
      log.error('request failed', {
        method: req.method,
        route: req.route?.path ?? req.baseUrl,
        code: appError.code,
        error: error instanceof Error ? error : String(error),
      });
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(appError.headers ?? {})) res.setHeader(name, value);
    res.status(appError.status);
    if (wantsHtml(req.path, req.headers.accept)) {
      res
        .type('html')
        .send(views.render('error.njk', { status: appError.status, message: appError.message }));
      return;
    }
    res.json(errorBody(appError));
  };
}
