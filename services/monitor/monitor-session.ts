import { findLinkSessionStaff } from '../../shared/staff/link-sessions.js';
import { createPageSessions, type PageSession } from '../http/page-session.js';
import { MONITOR_ROLES } from './monitor-access.js';

export type MonitorSession = PageSession;

/** The dashboard's sessions (`/monitor`), opened by an e-mailed link, for dashboard roles only. */
const sessions = createPageSessions({
  name: 'monitor',
  path: '/monitor',
  findStaff: (sessionId, now, idleMs) => findLinkSessionStaff(sessionId, MONITOR_ROLES, now, idleMs),
});

export const loadMonitorSession = sessions.load;
export const monitorSession = sessions.current;
export const requireMonitorSession = sessions.require;
export const setSessionCookie = sessions.setCookie;
export const clearSessionCookie = sessions.clearCookie;
export const loginCsrfToken = sessions.loginCsrfToken;
export const checkLoginCsrf = sessions.checkLoginCsrf;
export const checkSessionCsrf = sessions.checkSessionCsrf;
