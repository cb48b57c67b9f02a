import { findLinkSessionStaff } from '../../shared/staff/link-sessions.js';
import { createPageSessions } from '../http/page-session.js';

/** Where the admin's journal and citizen-data pages live (this cookie's path). */
export const AUDIT_PAGES_PATH = '/admin';

/**
 * An administrator's session for the access journal and citizen-data pages: the dashboard session
 * opened by the e-mailed login link, given a cookie of its own scoped to `/admin` (SameSite=Strict:
 * these pages show and change citizens' data). Set at login and by the dashboard, like the queue
 * board's cookie (admin-session.ts), which stays scoped to the board.
 */
const sessions = createPageSessions({
  name: 'audit',
  path: AUDIT_PAGES_PATH,
  sameSite: 'strict',
  findStaff: (sessionId, now, idleMs) => findLinkSessionStaff(sessionId, ['admin'], now, idleMs),
});

export const auditSessionCookie = sessions.sessionCookie;
export const loadAuditSession = sessions.load;
export const auditSession = sessions.current;
export const setAuditCookie = sessions.setCookie;
export const clearAuditCookie = sessions.clearCookie;
export const checkAuditCsrf = sessions.checkSessionCsrf;
