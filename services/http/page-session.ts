import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors/app-error.js';
import { randomToken, safeEqual, signToken } from '../../shared/security/tokens.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import { SESSION_TTL_MS, sessionCsrfToken } from '../../shared/staff/staff-sessions.js';
import { readCookies } from './cookies.js';

/** A signed-in staff member's page session, with the CSRF token its forms must carry. */
export interface PageSession {
  staff: StaffPrincipal;
  sessionId: string;
  csrfToken: string;
}

const LOGIN_CSRF_TTL_MS = 3600 * 1000;

const NONCE = /^[A-Za-z0-9_-]{32}$/;

function signedLoginToken(secret: string, nonce: string): string {
  return `${nonce}.${signToken(secret, `login-csrf:${nonce}`)}`;
}

function isSignedLoginToken(secret: string, value: string): boolean {
  const [nonce = '', signature, ...rest] = value.split('.');
  return (
    rest.length === 0 &&
    signature !== undefined &&
    NONCE.test(nonce) &&
    safeEqual(value, signedLoginToken(secret, nonce))
  );
}

/**
 * Cookie-backed sessions for one group of staff pages (`/operator`, `/monitor`): the session cookie,
 * a double-submit CSRF cookie for the forms used before a session exists, and the per-session CSRF
 * check. Each group has its own cookie names and path, so one login never opens the other pages.
 */
export function createPageSessions(options: {
  /** e.g. `operator` → cookies `hl_operator_session` and `hl_operator_login`. */
  name: string;
  /** Cookie path, e.g. `/operator`. */
  path: string;
  /** `lax` (default) lets a link from an e-mail open the pages; `strict` sends the cookie only from this site. */
  sameSite?: 'lax' | 'strict';
  /** Who the session belongs to, if it is still valid (and of an allowed role). */
  findStaff: (sessionId: string, now: Date, idleMs: number) => Promise<StaffPrincipal | undefined>;
}) {
  const sessionCookie = `hl_${options.name}_session`;
  const loginCsrfCookie = `hl_${options.name}_login`;
  const localsKey = `${options.name}Session`;
  const cookieOptions = (req: Request, maxAge: number): CookieOptions =>
    // `req.secure` honours TRUST_PROXY, so a TLS-terminating proxy still gets Secure cookies.
    ({ httpOnly: true, sameSite: options.sameSite ?? 'lax', secure: req.secure, path: options.path, maxAge });
  const submittedToken = (req: Request): string => {
    const body = req.body as Record<string, unknown> | undefined;
    return typeof body?._csrf === 'string' ? body._csrf : '';
  };
  const current = (res: Response): PageSession | undefined =>
    res.locals[localsKey] as PageSession | undefined;

  return {
    sessionCookie,
    /** Puts the session (if any and still valid) in `res.locals`. */
    load(clock: Clock, secret: string, idleMs: number): RequestHandler {
      return async (req, res, next) => {
        const sessionId = readCookies(req).get(sessionCookie);
        const staff = sessionId ? await options.findStaff(sessionId, clock(), idleMs) : undefined;
        if (sessionId && staff) {
          res.locals.staff = staff;
          res.locals[localsKey] = {
            staff,
            sessionId,
            csrfToken: sessionCsrfToken(secret, sessionId),
          } satisfies PageSession;
        }
        next();
      };
    },
    current,
    /** The session of a page that needs one; 401 SESSION_EXPIRED otherwise. */
    require(res: Response): PageSession {
      const session = current(res);
      if (!session) throw new AppError(401, 'SESSION_EXPIRED');
      return session;
    },
    setCookie(req: Request, res: Response, sessionId: string): void {
      res.cookie(sessionCookie, sessionId, cookieOptions(req, SESSION_TTL_MS));
      res.clearCookie(loginCsrfCookie, { path: options.path });
    },
    clearCookie(res: Response): void {
      res.clearCookie(sessionCookie, { path: options.path });
    },
    /**
     * The login forms' CSRF token: reuses the cookie's if it is one we signed, else sets a new one.
     * Signed (`<nonce>.<HMAC>`), so a value the client chose (a subdomain or a MITM on plain HTTP can
     * plant cookies) is never accepted as a double-submit pair.
     */
    loginCsrfToken(req: Request, res: Response, secret: string): string {
      const existing = readCookies(req).get(loginCsrfCookie);
      if (existing && isSignedLoginToken(secret, existing)) return existing;
      const token = signedLoginToken(secret, randomToken(24));
      res.cookie(loginCsrfCookie, token, cookieOptions(req, LOGIN_CSRF_TTL_MS));
      return token;
    },
    /** 403 CSRF_FAILED unless a login form's hidden token matches its cookie and that cookie is ours. */
    checkLoginCsrf(req: Request, secret: string): void {
      const expected = readCookies(req).get(loginCsrfCookie) ?? '';
      if (!expected || !isSignedLoginToken(secret, expected) || !safeEqual(submittedToken(req), expected))
        throw new AppError(403, 'CSRF_FAILED');
    },
    /** 403 CSRF_FAILED unless the form carries this session's token (compared in constant time). */
    checkSessionCsrf(req: Request, session: PageSession): void {
      if (!safeEqual(submittedToken(req), session.csrfToken)) throw new AppError(403, 'CSRF_FAILED');
    },
  };
}
