import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors/app-error.js';
import { randomToken, safeEqual } from '../../shared/security/tokens.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import { findSessionStaff, SESSION_TTL_MS, sessionCsrfToken } from '../../shared/staff/staff-sessions.js';
import { readCookies } from '../http/cookies.js';

export const SESSION_COOKIE = 'hl_operator_session';
/** Double-submit token of the login form, which has no session yet to bind a CSRF token to. */
const LOGIN_CSRF_COOKIE = 'hl_operator_login';
const LOGIN_CSRF_TTL_MS = 3600 * 1000;
export const COOKIE_PATH = '/operator';

function cookieOptions(req: Request, maxAge: number): CookieOptions {
  // `req.secure` honours TRUST_PROXY, so a TLS-terminating proxy still gets Secure cookies.
  return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: COOKIE_PATH, maxAge };
}

export interface PageSession {
  staff: StaffPrincipal;
  sessionId: string;
  csrfToken: string;
}

/** Puts the operator's session (if any and still valid) in `res.locals.page`. */
export function loadPageSession(clock: Clock, secret: string): RequestHandler {
  return async (req, res, next) => {
    const sessionId = readCookies(req).get(SESSION_COOKIE);
    if (sessionId) {
      const staff = await findSessionStaff(sessionId, clock());
      if (staff) {
        res.locals.staff = staff;
        res.locals.page = {
          staff,
          sessionId,
          csrfToken: sessionCsrfToken(secret, sessionId),
        } satisfies PageSession;
      }
    }
    next();
  };
}

export function pageSession(res: Response): PageSession | undefined {
  return res.locals.page as PageSession | undefined;
}

export function setSessionCookie(req: Request, res: Response, sessionId: string): void {
  res.cookie(SESSION_COOKIE, sessionId, cookieOptions(req, SESSION_TTL_MS));
  res.clearCookie(LOGIN_CSRF_COOKIE, { path: COOKIE_PATH });
}

export function clearSessionCookie(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { path: COOKIE_PATH });
}

/** The login form's CSRF token: reuses the cookie's if present, else sets a new one. */
export function loginCsrfToken(req: Request, res: Response): string {
  const existing = readCookies(req).get(LOGIN_CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing)) return existing;
  const token = randomToken(24);
  res.cookie(LOGIN_CSRF_COOKIE, token, cookieOptions(req, LOGIN_CSRF_TTL_MS));
  return token;
}

function submittedToken(req: Request): string {
  const body = req.body as Record<string, unknown> | undefined;
  return typeof body?._csrf === 'string' ? body._csrf : '';
}

/** 403 CSRF_FAILED unless the login form's hidden token matches its cookie. */
export function checkLoginCsrf(req: Request): void {
  const expected = readCookies(req).get(LOGIN_CSRF_COOKIE) ?? '';
  if (!expected || !safeEqual(submittedToken(req), expected)) throw new AppError(403, 'CSRF_FAILED');
}

/** 403 CSRF_FAILED unless the form carries this session's token (compared in constant time). */
export function checkSessionCsrf(req: Request, session: PageSession): void {
  if (!safeEqual(submittedToken(req), session.csrfToken)) throw new AppError(403, 'CSRF_FAILED');
}
