import { findSessionStaff } from '../../shared/staff/staff-sessions.js';
import { createPageSessions, type PageSession } from '../http/page-session.js';

export type { PageSession };

/** The operator page's sessions (`/operator`), opened with an operator's API token. */
const sessions = createPageSessions({ name: 'operator', path: '/operator', findStaff: findSessionStaff });

export const loadPageSession = sessions.load;
export const pageSession = sessions.current;
export const setSessionCookie = sessions.setCookie;
export const clearSessionCookie = sessions.clearCookie;
export const loginCsrfToken = sessions.loginCsrfToken;
export const checkLoginCsrf = sessions.checkLoginCsrf;
export const checkSessionCsrf = sessions.checkSessionCsrf;
