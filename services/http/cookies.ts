import type { CookieOptions, Request, RequestHandler, Response } from 'express';

/** The request's cookies by name (first wins); values are URI-decoded when they can be. */
export function readCookies(req: Request): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (cookies.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

/**
 * When the public address is https, every cookie this app sets is `Secure`, whether or not the
 * request reached us over TLS: behind a TLS proxy without TRUST_PROXY, `req.secure` is false and
 * the session cookies went out without it (issue 14, finding 5). Wraps `res.cookie`, which
 * `res.clearCookie` goes through too, so no cookie can be forgotten.
 */
export function secureCookiesWhenHttps(publicBaseUrl: string): RequestHandler {
  const https = new URL(publicBaseUrl).protocol === 'https:';
  return (_req, res, next) => {
    if (https) {
      const setCookie = res.cookie.bind(res) as (
        name: string,
        value: unknown,
        options: CookieOptions,
      ) => Response;
      res.cookie = ((name: string, value: unknown, options: CookieOptions = {}) =>
        setCookie(name, value, { ...options, secure: true })) as Response['cookie'];
    }
    next();
  };
}
