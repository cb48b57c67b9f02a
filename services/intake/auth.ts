import type { RequestHandler, Response } from 'express';
import type { Clock } from '../../shared/clock.js';
import type { StaffRole } from '../../shared/db/models/staff.model.js';
import { AppError } from '../../shared/errors/app-error.js';
import { findStaffByApiToken } from '../../shared/staff/api-tokens.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';

const REALM = 'Bearer realm="hotline-1022"';

/**
 * `Authorization: Bearer <token>` on every operator-API call. Missing → 401 UNAUTHENTICATED;
 * unknown, revoked or of a disabled account → 401 INVALID_TOKEN. Both say `WWW-Authenticate: Bearer`.
 */
export function bearerAuth(clock: Clock): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    if (!header) throw new AppError(401, 'UNAUTHENTICATED', { headers: { 'WWW-Authenticate': REALM } });
    const token = /^Bearer +(\S+) *$/i.exec(header)?.[1];
    const staff = token ? await findStaffByApiToken(token, clock()) : undefined;
    if (!staff) {
      throw new AppError(401, 'INVALID_TOKEN', {
        headers: { 'WWW-Authenticate': `${REALM}, error="invalid_token"` },
      });
    }
    res.locals.staff = staff;
    next();
  };
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
