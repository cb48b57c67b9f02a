import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { answerRouter } from './answer.router.js';
import { closureRouter } from './closure.router.js';
import { supportRouter } from './support.router.js';

/** The answer capability: the unit's pages behind e-mailed links, and the operator's closure after the call-back. */
export function answerRoutes(ctx: AppContext): Router {
  const router = Router();
  // Before /answer: a supporting unit's link (co-handling) is never taken for an answer link.
  router.use('/answer/support', supportRouter(ctx));
  router.use('/answer', answerRouter(ctx));
  router.use(closureRouter(ctx));
  return router;
}
