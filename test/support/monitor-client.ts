import type { StaffRole } from '../../shared/db/models/staff.model.js';
import { openLinkSession } from '../../shared/staff/link-sessions.js';
import { createStaff } from '../../shared/staff/staff-accounts.js';

export interface MonitorStaff {
  staffId: string;
  email: string;
  /** API token (bearer) of the account. */
  token: string;
  /** `Cookie` header of a dashboard session, opened without going through the e-mailed link. */
  cookie: string;
}

/** A dashboard account with an API token and an open session (the login itself is tested end to end). */
export async function monitorStaff(
  role: StaffRole,
  name: string,
  email: string,
  /**
   * When the session opens: the real time unless the service's clock is ahead of it (a real
   * mongod's TTL index would delete a session already "expired" at a test clock's past time).
   */
  openedAt = new Date(),
): Promise<MonitorStaff> {
  const created = await createStaff({ name, email, role }, new Date());
  const session = await openLinkSession({ id: created.staffId, name, email, role, apiTokenId: '' }, openedAt);
  return {
    staffId: created.staffId,
    email,
    token: created.token,
    cookie: `hl_monitor_session=${session.sessionId}`,
  };
}

export interface Page {
  status: number;
  headers: Headers;
  text: string;
}

/** A dashboard request as a browser without JavaScript makes it (no redirects followed). */
export async function monitorFetch(
  baseUrl: string,
  path: string,
  options: { cookie?: string; form?: Record<string, string>; accept?: string } = {},
): Promise<Page> {
  const headers: Record<string, string> = { accept: options.accept ?? 'text/html' };
  if (options.cookie) headers.cookie = options.cookie;
  let body: string | undefined;
  if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.form ? 'POST' : 'GET',
    headers,
    body,
    redirect: 'manual',
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The value of a hidden input of the first form whose action ends with `actionSuffix`. */
export function hiddenField(html: string, actionSuffix: string, name: string): string {
  const forms = html.split('<form').slice(1);
  const form = forms.find((part) => new RegExp(`action="[^"]*${actionSuffix}"`).test(part));
  if (!form) throw new Error(`no form posting to …${actionSuffix}`);
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(form);
  if (!match) throw new Error(`no field ${name} in the form posting to …${actionSuffix}`);
  return match[1]!;
}
