import { Router, type RequestHandler } from 'express';
import { AppError } from '../../shared/errors/app-error.js';
import { isLocalClient } from '../metrics/metrics-access.js';

/** `handler` for clients on this machine only (not forwarded by a proxy); anyone else gets the uniform 404. */
export function loopbackOnly(handler: RequestHandler): Router {
  const router = Router();
  router.use((req, _res, next) => next(isLocalClient(req) ? undefined : new AppError(404, 'NOT_FOUND')));
  router.use(handler);
  return router;
}
