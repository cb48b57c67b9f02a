import type { RequestHandler } from 'express';
import { AppError } from '../../shared/errors/app-error.js';
import type { AppContext } from '../app-context.js';
import { safeReturnTo } from '../monitor/monitor-login.js';
import { adminSession, loadAdminSession } from './admin-session.js';

/**
 * Administrators only, in a browser session opened by the e-mailed login link (as `/monitor`). A GET
 * without one goes to the login form and comes back after login; anything else is refused.
 */
export function adminPageGuard(ctx: Pick<AppContext, 'clock' | 'config'>): RequestHandler[] {
  return [
    loadAdminSession(ctx.clock, ctx.config.LINK_SECRET, ctx.config.SESSION_IDLE_MINUTES * 60_000),
    (req, res, next) => {
      if (adminSession(res)) return next();
      if (req.method !== 'GET') throw new AppError(401, 'SESSION_EXPIRED');
      const back = safeReturnTo(req.originalUrl);
      res.redirect(303, back ? `/monitor?next=${encodeURIComponent(back)}` : '/monitor');
    },
  ];
}
