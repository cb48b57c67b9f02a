import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { answerRouter } from './answer.router.js';
import { closureRouter } from './closure.router.js';

/** The answer capability: the unit's pages behind e-mailed links, and the operator's closure after the call-back. */
export function answerRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/answer', answerRouter(ctx));
  router.use(closureRouter(ctx));
  return router;
}
