import type { RequestHandler } from 'express';
import type { AppContext } from '../app-context.js';
import { bearerAuth, requireRole } from '../intake/auth.js';
import { queueBoardAudit } from './queue-board-audit.js';
import { adminSession, loadAdminSession, QUEUE_BOARD_PATH } from './admin-session.js';

/**
 * Admins only: a browser brings the admin session cookie set at dashboard login, a script an admin
 * bearer token. A browser without either is sent to the dashboard login, which brings it back here.
 */
export function queueBoardGuard(ctx: Pick<AppContext, 'clock' | 'config' | 'log'>): RequestHandler[] {
  const bearer = bearerAuth(ctx.clock);
  return [
    loadAdminSession(ctx.clock, ctx.config.LINK_SECRET, ctx.config.SESSION_IDLE_MINUTES * 60_000),
    (req, res, next) => {
      if (adminSession(res) || req.headers.authorization) return next();
      if (req.method === 'GET' && req.accepts(['json', 'html']) === 'html') {
        return res.redirect(303, `/monitor?next=${encodeURIComponent(QUEUE_BOARD_PATH)}`);
      }
      next();
    },
    (req, res, next) => (adminSession(res) ? next() : bearer(req, res, next)),
    requireRole('admin'),
    queueBoardAudit(ctx),
  ];
}
