import express, { Router, type Request, type Response } from 'express';
import { AppError } from '../../shared/errors/app-error.js';
import { clearAdminCookie, setAdminCookie } from '../admin/admin-session.js';
import { clearAuditCookie, setAuditCookie } from '../admin/audit-session.js';
import { isLoginLinkUsable } from '../../shared/staff/login-links.js';
import { revokeStaffSession } from '../../shared/staff/staff-sessions.js';
import { MESSAGES_VI } from '../../shared/errors/messages-vi.js';
import type { AppContext } from '../app-context.js';
import { rateLimit } from '../http/rate-limit.js';
import { confirmLoginLink, requestLoginLink, safeReturnTo } from './monitor-login.js';
import {
  checkLoginCsrf,
  checkSessionCsrf,
  clearSessionCookie,
  loginCsrfToken,
  monitorSession,
  setSessionCookie,
} from './monitor-session.js';
import { rejectInvalidUtf8 } from '../http/utf8-body.js';
import { ANONYMOUS, recordRequestEvent, staffAsActor } from '../http/staff-event.js';
import { findStaffByEmail } from '../../shared/staff/staff-accounts.js';

/**
 * Logging in to the dashboard without a password: the person types their e-mail and receives a
 * single-use link. Opening the link shows a button; only the POST of that button consumes it, since
 * mail scanners fetch every link in a message with GET.
 */
export function monitorLoginRouter(ctx: AppContext): Router {
  const router = Router();
  const form = express.urlencoded({
    extended: false,
    limit: '8kb',
    parameterLimit: 10,
    verify: rejectInvalidUtf8('VALIDATION_FAILED'),
  });
  const askLimit = rateLimit(ctx, { name: 'monitor-login', windowMs: 15 * 60_000, limit: 10 });
  // Per mailbox as well as per client: many clients (or one behind rotating addresses) cannot flood
  // one person's inbox. Counted for any address, known or not, so a 429 says nothing about accounts.
  const mailboxLimit = rateLimit(ctx, {
    name: 'monitor-login-mailbox',
    windowMs: 15 * 60_000,
    limit: 5,
    keyGenerator: (req) =>
      String((req.body as { email?: unknown } | undefined)?.email ?? '')
        .trim()
        .toLowerCase()
        .slice(0, 254),
  });
  const confirmLimit = rateLimit(ctx, { name: 'monitor-confirm', windowMs: 15 * 60_000, limit: 30 });

  /**
   * A login link asked for: `login_link_sent` for the account (looked up after the answer, so the
   * response's timing still says nothing about accounts), `login_failed` for an address with no
   * dashboard account.
   */
  const recordLoginRequest = (req: Request, email: string, linkIssued: boolean): void => {
    if (!linkIssued) {
      recordRequestEvent(ctx, req, ANONYMOUS, {
        kind: 'login_failed',
        target: email,
        data: { door: 'dashboard', reason: 'no dashboard account for this address' },
      });
      return;
    }
    void findStaffByEmail(email)
      .then((staff) =>
        recordRequestEvent(
          ctx,
          req,
          staff ? { id: staff._id.toString(), name: staff.name, role: staff.role } : ANONYMOUS,
          { kind: 'login_link_sent', target: email, data: { door: 'dashboard' } },
        ),
      )
      .catch((error: Error) =>
        ctx.log.warn('staff event not recorded', { kinds: ['login_link_sent'], error: error.message }),
      );
  };

  const renderLogin = (
    req: Request,
    res: Response,
    status: number,
    model: Record<string, unknown> = {},
  ): void => {
    res
      .status(status)
      .type('html')
      .send(
        ctx.views.render('monitor-login.njk', {
          csrf: loginCsrfToken(req, res, ctx.config.LINK_SECRET),
          next: safeReturnTo(req.query.next),
          officeChiefTitle: ctx.domain.table.officials.officeChief.title,
          conductReviewerTitle: ctx.domain.table.officials.conductReviewer.title,
          ...model,
        }),
      );
  };

  router.get('/', (req, res, next) => {
    if (monitorSession(res)) return next();
    renderLogin(req, res, 200);
  });

  router.post('/login', askLimit, form, mailboxLimit, async (req, res) => {
    checkLoginCsrf(req, ctx.config.LINK_SECRET);
    try {
      const { email, linkIssued } = await requestLoginLink(ctx, req.body);
      recordLoginRequest(req, email, linkIssued);
      renderLogin(req, res, 200, { sentTo: email });
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      const email = typeof req.body?.email === 'string' ? req.body.email.slice(0, 254) : '';
      renderLogin(req, res, 400, { error: 'Địa chỉ thư điện tử không hợp lệ.', email });
    }
  });

  router.get('/login/:token', async (req, res) => {
    const usable = await isLoginLinkUsable(String(req.params.token), ctx.clock());
    res
      .status(usable ? 200 : 410)
      .type('html')
      .send(
        ctx.views.render('monitor-login-confirm.njk', {
          csrf: loginCsrfToken(req, res, ctx.config.LINK_SECRET),
          action: `/monitor/login/${encodeURIComponent(String(req.params.token))}`,
          error: usable ? undefined : MESSAGES_VI.LOGIN_LINK_INVALID,
        }),
      );
  });

  router.post('/login/:token', confirmLimit, form, async (req, res) => {
    checkLoginCsrf(req, ctx.config.LINK_SECRET);
    try {
      const session = await confirmLoginLink(ctx, String(req.params.token));
      recordRequestEvent(ctx, req, staffAsActor(session.staff), {
        kind: 'login',
        data: { door: 'dashboard' },
      });
      setSessionCookie(req, res, session.sessionId);
      if (session.role === 'admin') setAdminCookie(req, res, session.sessionId);
      if (session.role === 'admin') setAuditCookie(req, res, session.sessionId);
      res.redirect(303, session.returnTo);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'LOGIN_LINK_INVALID') throw error;
      recordRequestEvent(ctx, req, ANONYMOUS, {
        kind: 'login_failed',
        data: { door: 'dashboard', reason: 'login link unknown, used or expired' },
      });
      renderLogin(req, res, 410, { error: error.message });
    }
  });

  router.post('/logout', form, async (req, res) => {
    const session = monitorSession(res);
    if (session) {
      checkSessionCsrf(req, session);
      await revokeStaffSession(session.sessionId, ctx.clock());
      recordRequestEvent(ctx, req, staffAsActor(session.staff), {
        kind: 'logout',
        data: { door: 'dashboard' },
      });
    }
    clearSessionCookie(res);
    clearAdminCookie(res);
    clearAuditCookie(res);
    res.redirect(303, '/monitor');
  });

  return router;
}
