import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors/app-error.js';
import { randomToken, safeEqual } from '../../shared/security/tokens.js';
import { findLinkSessionStaff } from '../../shared/staff/link-sessions.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import { SESSION_TTL_MS, sessionCsrfToken } from '../../shared/staff/staff-sessions.js';
import { readCookies } from '../http/cookies.js';
import { MONITOR_ROLES } from './monitor-access.js';

const SESSION_COOKIE = 'hl_monitor_session';
/** Double-submit token of the forms used before a session exists (ask for a link, confirm a link). */
const LOGIN_CSRF_COOKIE = 'hl_monitor_login';
const LOGIN_CSRF_TTL_MS = 3600 * 1000;
const COOKIE_PATH = '/monitor';

function cookieOptions(req: Request, maxAge: number): CookieOptions {
  // `req.secure` honours TRUST_PROXY, so a TLS-terminating proxy still gets Secure cookies.
  return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: COOKIE_PATH, maxAge };
}

export interface MonitorSession {
  staff: StaffPrincipal;
  sessionId: string;
  csrfToken: string;
}

/** Puts the dashboard session (if any, still valid, and of a dashboard role) in `res.locals`. */
export function loadMonitorSession(clock: Clock, secret: string): RequestHandler {
  return async (req, res, next) => {
    const sessionId = readCookies(req).get(SESSION_COOKIE);
    const staff = sessionId ? await findLinkSessionStaff(sessionId, MONITOR_ROLES, clock()) : undefined;
    if (sessionId && staff) {
      res.locals.staff = staff;
      res.locals.monitor = {
        staff,
        sessionId,
        csrfToken: sessionCsrfToken(secret, sessionId),
      } satisfies MonitorSession;
    }
    next();
  };
}

export function monitorSession(res: Response): MonitorSession | undefined {
  return res.locals.monitor as MonitorSession | undefined;
}

/** The session of a page that needs one; a route without `loadMonitorSession` is a programming error. */
export function requireMonitorSession(res: Response): MonitorSession {
  const session = monitorSession(res);
  if (!session) throw new AppError(401, 'SESSION_EXPIRED');
  return session;
}

export function setSessionCookie(req: Request, res: Response, sessionId: string): void {
  res.cookie(SESSION_COOKIE, sessionId, cookieOptions(req, SESSION_TTL_MS));
  res.clearCookie(LOGIN_CSRF_COOKIE, { path: COOKIE_PATH });
}

export function clearSessionCookie(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { path: COOKIE_PATH });
}

/** The login forms' CSRF token: reuses the cookie's if present, else sets a new one. */
export function loginCsrfToken(req: Request, res: Response): string {
  const existing = readCookies(req).get(LOGIN_CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing;
  const token = randomToken(24);
  res.cookie(LOGIN_CSRF_COOKIE, token, cookieOptions(req, LOGIN_CSRF_TTL_MS));
  return token;
}

function submittedToken(req: Request): string {
  const body = req.body as Record<string, unknown> | undefined;
  return typeof body?._csrf === 'string' ? body._csrf : '';
}

/** 403 CSRF_FAILED unless a login form's hidden token matches its cookie. */
export function checkLoginCsrf(req: Request): void {
  const expected = readCookies(req).get(LOGIN_CSRF_COOKIE) ?? '';
  if (!expected || !safeEqual(submittedToken(req), expected)) throw new AppError(403, 'CSRF_FAILED');
}

/** 403 CSRF_FAILED unless the form carries this session's token (compared in constant time). */
export function checkSessionCsrf(req: Request, session: MonitorSession): void {
  if (!safeEqual(submittedToken(req), session.csrfToken)) throw new AppError(403, 'CSRF_FAILED');
}
