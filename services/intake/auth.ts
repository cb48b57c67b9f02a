import type { RequestHandler, Response } from 'express';
import type { Clock } from '../../shared/clock.js';
import type { ApiTokenScope, StaffRole } from '../../shared/db/models/staff.model.js';
import { AppError } from '../../shared/errors/app-error.js';
import { authenticateApiToken } from '../../shared/staff/api-tokens.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import type { AppContext } from '../app-context.js';
import { rateLimit } from '../http/rate-limit.js';

const REALM = 'Bearer realm="hotline-1022"';

/**
 * `Authorization: Bearer <token>` on every operator-API call. Missing → 401 UNAUTHENTICATED;
 * unknown, revoked or of a disabled account → 401 INVALID_TOKEN; past its expiry → 401
 * TOKEN_EXPIRED. Each says `WWW-Authenticate: Bearer`.
 */
export function bearerAuth(clock: Clock): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    if (!header) throw new AppError(401, 'UNAUTHENTICATED', { headers: { 'WWW-Authenticate': REALM } });
    const token = /^Bearer +(\S+) *$/i.exec(header)?.[1];
    const check = token ? await authenticateApiToken(token, clock()) : undefined;
    if (!check?.ok) {
      const expired = check?.reason === 'expired';
      throw new AppError(401, expired ? 'TOKEN_EXPIRED' : 'INVALID_TOKEN', {
        headers: {
          'WWW-Authenticate': `${REALM}, error="invalid_token"${expired ? ', error_description="token expired"' : ''}`,
        },
      });
    }
    res.locals.staff = check.staff;
    next();
  };
}

/**
 * Each API token has its own budget (API_TOKEN_RATE_LIMIT_PER_MINUTE), counted in Redis so that
 * every HTTP process shares it: one leaked or runaway switchboard token cannot starve the others.
 */
export function tokenRateLimit(ctx: AppContext): RequestHandler {
  return rateLimit(ctx, {
    name: 'api-token',
    windowMs: 60_000,
    limit: ctx.config.API_TOKEN_RATE_LIMIT_PER_MINUTE,
    keyGenerator: (_req, res) => currentStaff(res).apiTokenId,
  });
}

/** 403 TOKEN_SCOPE_MISSING unless the API token was issued with `scope` (tokens from before scopes have all). */
export function requireScope(scope: ApiTokenScope): RequestHandler {
  return (_req, res, next) => {
    const scopes = currentStaff(res).apiTokenScopes;
    if (scopes && !scopes.includes(scope)) throw new AppError(403, 'TOKEN_SCOPE_MISSING');
    next();
  };
}

/**
 * The guard of an `/api/v1` operation outside intake's own router: the bearer token, that token's
 * rate limit, the scope (`intake` for what changes tickets, `read` for what reads them or their
 * numbers) and the roles.
 */
export function apiTokenGuard(
  ctx: AppContext,
  scope: ApiTokenScope,
  ...roles: StaffRole[]
): RequestHandler[] {
  return [bearerAuth(ctx.clock), tokenRateLimit(ctx), requireScope(scope), requireRole(...roles)];
}

/** 403 FORBIDDEN unless the authenticated staff member has one of `roles`. */
export function requireRole(...roles: StaffRole[]): RequestHandler {
  return (_req, res, next) => {
    if (!roles.includes(currentStaff(res).role)) throw new AppError(403, 'FORBIDDEN');
    next();
  };
}

/** The staff member set by bearerAuth or the page session; a route without either is a programming error. */
export function currentStaff(res: Response): StaffPrincipal {
  const staff = res.locals.staff as StaffPrincipal | undefined;
  if (!staff) throw new Error('currentStaff() used on a route without authentication');
  return staff;
}
