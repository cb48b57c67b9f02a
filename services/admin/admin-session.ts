import { findLinkSessionStaff } from '../../shared/staff/link-sessions.js';
import { createPageSessions } from '../http/page-session.js';

/** Where the board is mounted. */
export const QUEUE_BOARD_PATH = '/admin/queues';
/** The administration pages (and the board under them): the admin cookie's path, so it reaches nothing else. */
export const ADMIN_PATH = '/admin';

/**
 * An administrator's browser session for the administration pages and the queue board. It is the dashboard session opened by the
 * e-mailed login link, given a second cookie scoped to the board; SameSite=Strict, because the
 * board's own API changes jobs with plain requests that carry no CSRF token.
 */
const sessions = createPageSessions({
  name: 'admin',
  path: ADMIN_PATH,
  sameSite: 'strict',
  findStaff: (sessionId, now, idleMs) => findLinkSessionStaff(sessionId, ['admin'], now, idleMs),
});

export const adminSessionCookie = sessions.sessionCookie;
export const loadAdminSession = sessions.load;
export const adminSession = sessions.current;
export const setAdminCookie = sessions.setCookie;
export const clearAdminCookie = sessions.clearCookie;
export const requireAdminSession = sessions.require;
export const checkAdminCsrf = sessions.checkSessionCsrf;
