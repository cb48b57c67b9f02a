import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { loadAuditSession } from './audit-session.js';
import { citizenDataRouter } from './citizen-data.router.js';
import { journalRouter } from './journal.router.js';

/** The access journal and citizen-data requests (issues 14, 16): pages under /admin, API under /api/v1. */
export function auditRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(
    ['/admin/journal', '/admin/citizen-data'],
    loadAuditSession(ctx.clock, ctx.config.LINK_SECRET, ctx.config.SESSION_IDLE_MINUTES * 60_000),
  );
  router.use(journalRouter(ctx));
  router.use(citizenDataRouter(ctx));
  return router;
}
