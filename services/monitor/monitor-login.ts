import type winston from 'winston';
import { z } from 'zod';
import type { Config } from '../../config/env.js';
import type { Clock } from '../../shared/clock.js';
import type { StaffRole } from '../../shared/db/models/staff.model.js';
import { AppError } from '../../shared/errors/app-error.js';
import { enqueueLoginMail } from '../../shared/queue/enqueue.js';
import type { QueueSet } from '../../shared/queue/queues.js';
import { consumeLoginLink, issueLoginLink } from '../../shared/staff/login-links.js';
import { openLinkSession } from '../../shared/staff/link-sessions.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import type { OpenedSession } from '../../shared/staff/staff-sessions.js';
import { parseInput } from '../http/validate-input.js';
import { MONITOR_ROLES } from './monitor-access.js';

export interface LoginDeps {
  config: Pick<Config, 'LINK_SECRET'>;
  queues: QueueSet;
  clock: Clock;
  log: winston.Logger;
}

/**
 * A dashboard (or, for admins, queue board) path to come back to after login; anything else
 * (another site, `//host`) is dropped.
 */
const RETURN_TO_SHAPE = /^\/(?:monitor|admin)(?:\/[A-Za-z0-9_\-/]*)?(?:\?[A-Za-z0-9_\-=&.%]*)?$/;

export function safeReturnTo(value: unknown): string | undefined {
  return typeof value === 'string' && RETURN_TO_SHAPE.test(value) && !value.includes('//')
    ? value
    : undefined;
}

const LoginRequestSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .pipe(z.email({ error: 'Địa chỉ thư điện tử không hợp lệ.' })),
  next: z.string().max(300).optional(),
});

/**
 * Someone asks for a login link. The answer is the same whether or not the address belongs to a
 * dashboard account, and the e-mail goes out from the `login` worker: the request never waits on
 * SMTP, and an account's existence does not show in the response (nor in its timing, beyond one
 * insert). If Redis cannot take the job, the sweeper sends the link while it is still valid.
 */
export async function requestLoginLink(
  deps: LoginDeps,
  body: unknown,
): Promise<{ email: string; linkIssued: boolean }> {
  const input = parseInput(LoginRequestSchema, body);
  const now = deps.clock();
  const linkId = await issueLoginLink(
    deps.config.LINK_SECRET,
    input.email,
    MONITOR_ROLES,
    now,
    safeReturnTo(input.next),
  );
  if (linkId) {
    void enqueueLoginMail(deps.queues, linkId).then((added) => {
      if (!added)
        deps.log.warn('login e-mail not enqueued now (Redis unavailable?); the sweeper will send it');
    });
  }
  return { email: input.email, linkIssued: linkId !== undefined };
}

/** Consumes a login link and opens a session; 410 LOGIN_LINK_INVALID for a used, expired or unknown link. */
export async function confirmLoginLink(
  deps: Pick<LoginDeps, 'clock'>,
  token: string,
): Promise<OpenedSession & { role: StaffRole; returnTo: string; staff: StaffPrincipal }> {
  const now = deps.clock();
  const consumed = await consumeLoginLink(token, MONITOR_ROLES, now);
  if (!consumed) throw new AppError(410, 'LOGIN_LINK_INVALID');
  const session = await openLinkSession(consumed.staff, now);
  return {
    ...session,
    role: consumed.staff.role,
    staff: consumed.staff,
    returnTo: consumed.returnTo ?? '/monitor',
  };
}
