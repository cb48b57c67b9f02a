import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { ApiToken } from '../../../shared/db/models/staff.model.js';
import { hashToken } from '../../../shared/security/tokens.js';
import { revokeApiTokens } from '../../../shared/staff/api-tokens.js';
import { openLinkSession } from '../../../shared/staff/link-sessions.js';
import { createStaff } from '../../../shared/staff/staff-accounts.js';
import { openStaffSession, sessionCsrfToken } from '../../../shared/staff/staff-sessions.js';
import type { StaffRole } from '../../../shared/db/models/staff.model.js';
import { reassignTicket, seedAssignedTicket } from '../assigned-ticket.js';
import { startIntakeService, type IntakeService } from '../intake-service.js';
import { TEST_REDIS_URL } from '../redis.js';

/** A browser's state on one page: its cookie and the hidden fields of the page's forms. */
export interface PageState {
  cookie: string;
  csrf: string;
}

/** Everything the battery's cases refer to: tokens, sessions, tickets and their answer links. */
export interface BatteryFixtures {
  url: string;
  secret: string;
  metricsToken: string;
  tokens: Record<StaffRole, string>;
  revokedToken: string;
  operatorPage: PageState;
  operatorLogin: PageState;
  monitorChief: PageState;
  monitorReviewer: PageState;
  monitorLogin: PageState;
  /** Answer page of ticket A (cookie, CSRF field and form id), and B's CSRF field under the same cookie. */
  answer: PageState & {
    formId: string;
    token: string;
    code: string;
    ticketId: string;
    otherToken: string;
    otherCsrf: string;
  };
  expiredToken: string;
  revokedLinkToken: string;
  /** Deletes the rate-limit counters, so that one case's 404s do not turn the next case into a 429. */
  resetRateLimits(): Promise<void>;
  stop(): Promise<void>;
}

function cookieFrom(response: Response, name: string): string {
  const line = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie set`);
  return line.split(';')[0]!;
}

function field(html: string, name: string): string {
  const value = new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1];
  if (!value) throw new Error(`no ${name} field in the page`);
  return value;
}

/** The HTTP service on a fresh database, with every kind of credential and ticket a hostile request may aim at. */
export async function startBattery(): Promise<BatteryFixtures> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hotline-battery-'));
  const metricsToken = 'metrics-token-for-the-battery-0123456789';
  const svc: IntakeService = await startIntakeService('bad-input', {
    DATA_DIR: dataDir,
    METRICS_TOKEN: metricsToken,
  });
  const { url } = svc;
  const secret = svc.service.ctx.config.LINK_SECRET;
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const now = new Date();
    const revoked = await createStaff(
      { name: 'Đặng Thu Hà', email: 'revoked@bad-input.test', role: 'operator' },
      now,
    );
    await revokeApiTokens({ staffId: revoked.staffId }, now);

    const operatorToken = await ApiToken.findOne({ hash: hashToken(svc.tokens.operator) }).lean();
    const operatorSession = await openStaffSession(
      {
        id: svc.staffIds.operator,
        name: 'Nguyễn Thị Lan',
        email: 'operator@bad-input.test',
        role: 'operator',
        apiTokenId: operatorToken!._id.toString(),
      },
      now,
    );
    const monitorPage = async (role: 'chief' | 'reviewer'): Promise<PageState> => {
      const session = await openLinkSession(
        { id: svc.staffIds[role], name: role, email: `${role}@bad-input.test`, role, apiTokenId: '' },
        now,
      );
      return {
        cookie: `hl_monitor_session=${session.sessionId}`,
        csrf: sessionCsrfToken(secret, session.sessionId),
      };
    };

    const operatorLoginPage = await fetch(`${url}/operator`, { headers: { accept: 'text/html' } });
    const operatorLoginHtml = await operatorLoginPage.text();
    const monitorLoginPage = await fetch(`${url}/monitor`, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    });
    const monitorLoginHtml = await monitorLoginPage.text();

    const a = await seedAssignedTicket(secret);
    const b = await seedAssignedTicket(secret, { unitCode: 'QLDS' });
    const expired = await seedAssignedTicket(secret, { tokenExpiresAt: new Date(now.getTime() - 60_000) });
    const reassigned = await seedAssignedTicket(secret);
    await reassignTicket(secret, reassigned.ticketId, 'QLDS');

    const pageA = await fetch(`${url}/answer/${a.token}`, { headers: { accept: 'text/html' } });
    const htmlA = await pageA.text();
    const answerCookie = cookieFrom(pageA, 'hl_answer_form');
    const pageB = await fetch(`${url}/answer/${b.token}`, {
      headers: { accept: 'text/html', cookie: answerCookie },
    });
    const htmlB = await pageB.text();

    const prefix = svc.service.ctx.config.QUEUE_PREFIX;
    return {
      url,
      secret,
      metricsToken,
      tokens: svc.tokens,
      revokedToken: revoked.token,
      operatorPage: {
        cookie: `hl_operator_session=${operatorSession.sessionId}`,
        csrf: sessionCsrfToken(secret, operatorSession.sessionId),
      },
      operatorLogin: {
        cookie: cookieFrom(operatorLoginPage, 'hl_operator_login'),
        csrf: field(operatorLoginHtml, '_csrf'),
      },
      monitorChief: await monitorPage('chief'),
      monitorReviewer: await monitorPage('reviewer'),
      monitorLogin: {
        cookie: cookieFrom(monitorLoginPage, 'hl_monitor_login'),
        csrf: field(monitorLoginHtml, '_csrf'),
      },
      answer: {
        token: a.token,
        code: a.code,
        ticketId: a.ticketId,
        cookie: answerCookie,
        csrf: field(htmlA, 'csrf'),
        formId: field(htmlA, 'formId'),
        otherToken: b.token,
        otherCsrf: field(htmlB, 'csrf'),
      },
      expiredToken: expired.token,
      revokedLinkToken: reassigned.token,
      resetRateLimits: async () => {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:rl:*`, 'COUNT', 500);
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== '0');
      },
      stop: async () => {
        redis.disconnect();
        await svc.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    redis.disconnect();
    await svc.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
