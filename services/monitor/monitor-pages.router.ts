import { adminSessionCookie, setAdminCookie } from '../admin/admin-session.js';
import { auditSessionCookie, setAuditCookie } from '../admin/audit-session.js';
import { readCookies } from '../http/cookies.js';
import { Router, type RequestHandler, type Response } from 'express';
import { AppError } from '../../shared/errors/app-error.js';
import { TicketListQuerySchema } from '../../shared/tickets/ticket-filters.schema.js';
import { PROCESSING_LEVEL_LABELS_VI } from '../../shared/tickets/processing-level.js';
import { PROCESSING_LEVELS } from '../../shared/tickets/ticket-types.js';
import {
  escalationQueue,
  listTickets,
  pendingDecisions,
} from '../../shared/tickets/repository/ticket-lists.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';
import { recordRequestEvent, staffAsActor } from '../http/staff-event.js';
import type { AppContext } from '../app-context.js';
import { parseInput } from '../http/validate-input.js';
import { dashboardModel, ticketRow } from './dashboard-page.js';
import { exportReport, type ExportedReport } from './export-report.js';
import { ReportReaderGone } from './report-stream.js';
import { readableCategoriesFor } from '../../shared/tickets/ticket-access.js';
import { safeReturnTo } from './monitor-login.js';
import { monitorSession, requireMonitorSession } from './monitor-session.js';
import { monitorStats } from './monitor-stats.js';
import { checkKnownCodes, PeriodQuerySchema, resolvePeriod, type PeriodQuery } from './period-query.js';

/** Pages need a session: a GET without one goes to the login form and comes back after login. */
export const requirePageSession: RequestHandler = (req, res, next) => {
  if (monitorSession(res)) return next();
  if (req.method !== 'GET') throw new AppError(401, 'SESSION_EXPIRED');
  const back = safeReturnTo(req.originalUrl);
  res.redirect(303, back ? `/monitor?next=${encodeURIComponent(back)}` : '/monitor');
};

/** The dashboard's filters; bad ones are reported on the page, which then shows this month unfiltered. */
function dashboardQuery(
  domain: TicketDomain,
  raw: unknown,
  now: Date,
): { query: PeriodQuery; alert?: string } {
  try {
    const query = parseInput(PeriodQuerySchema, raw);
    checkKnownCodes(domain, query);
    resolvePeriod(query, now);
    return { query };
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 400) throw error;
    const problems = (error.details ?? []).map((detail) => detail.message).join(' ');
    return {
      query: {},
      alert: `Bộ lọc không hợp lệ: ${problems} Đang hiển thị số liệu tháng này của mọi đơn vị.`,
    };
  }
}

function filtersFrom(query: PeriodQuery) {
  return {
    ...(query.department ? { department: query.department } : {}),
    ...(query.category ? { category: query.category } : {}),
  };
}

/** The dashboard, the ticket lists behind its counters, and the report download. */
export function monitorPagesRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(requirePageSession);

  router.get('/', async (req, res) => {
    const session = requireMonitorSession(res);
    // An admin's board cookie is strict, so a link from elsewhere arrives without it; and sessions
    // opened before the board took sessions have none. The dashboard (re)issues it.
    if (session.staff.role === 'admin' && readCookies(req).get(adminSessionCookie) !== session.sessionId) {
      setAdminCookie(req, res, session.sessionId);
    }
    if (session.staff.role === 'admin' && readCookies(req).get(auditSessionCookie) !== session.sessionId) {
      setAuditCookie(req, res, session.sessionId);
    }
    const now = ctx.clock();
    const { query, alert } = dashboardQuery(ctx.domain, req.query, now);
    const stats = await monitorStats(ctx.domain, session.staff, query, now);
    const readableCategories = readableCategoriesFor(session.staff.role, ctx.domain.policy);
    const scope = { ...filtersFrom(query), ...(readableCategories ? { readableCategories } : {}) };
    const [queue, pending] = await Promise.all([escalationQueue(scope, now), pendingDecisions(scope, now)]);
    res
      .type('html')
      .send(
        ctx.views.render(
          'monitor-dashboard.njk',
          dashboardModel(ctx.domain, session, stats, { queue, pending }, { query, alert }),
        ),
      );
  });

  router.get('/tickets', async (req, res) => {
    const session = requireMonitorSession(res);
    const query = parseInput(TicketListQuerySchema, req.query);
    const { limit, cursor, ...filters } = query;
    const readableCategories = readableCategoriesFor(session.staff.role, ctx.domain.policy);
    const now = ctx.clock();
    const page = await listTickets({
      filters: { ...filters, ...(readableCategories ? { readableCategories } : {}) },
      now,
      limit,
      ...(cursor ? { cursor } : {}),
    });
    const nextParams = new URLSearchParams(
      Object.entries(req.query).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'cursor',
      ),
    );
    if (page.next) nextParams.set('cursor', page.next);
    res.type('html').send(
      ctx.views.render('monitor-tickets.njk', {
        staff: session.staff,
        csrf: session.csrfToken,
        title: query.overdue
          ? 'Phiếu quá hạn'
          : query.escalated
            ? 'Phiếu đã báo cáo vượt cấp'
            : query.level
              ? `Danh sách phiếu – ${PROCESSING_LEVEL_LABELS_VI[query.level]}`
              : 'Danh sách phiếu',
        rows: page.tickets.map((ticket) => ticketRow(ctx.domain, ticket, now)),
        // The level filter keeps the list's other filters as hidden fields (a GET form, no JavaScript).
        levelFilter: {
          selected: query.level ? String(query.level) : '',
          options: PROCESSING_LEVELS.map((level) => ({ value: String(level), label: PROCESSING_LEVEL_LABELS_VI[level] })),
          kept: Object.entries(req.query).filter(
            (entry): entry is [string, string] =>
              typeof entry[1] === 'string' && entry[0] !== 'cursor' && entry[0] !== 'level',
          ),
        },
        nextHref: page.next ? `/monitor/tickets?${nextParams.toString()}` : undefined,
      }),
    );
  });

  router.get('/reports/export', async (req, res) => {
    const session = requireMonitorSession(res);
    const report = exportReport(ctx.domain, session.staff, req.query, ctx.clock());
    recordRequestEvent(ctx, req, staffAsActor(session.staff), {
      kind: 'export',
      target: report.filename,
      data: { report: 'monthly', via: 'dashboard' },
    });
    await sendReport(res, report);
  });

  return router;
}

/**
 * Streams a report to the response (chunked: no length is known before the last row). Input and
 * access were checked before the first byte; a failure after it (the database gone mid-month)
 * cuts the connection, so the reader sees a broken download rather than a file that looks whole.
 */
export async function sendReport(res: Response, report: ExportedReport): Promise<void> {
  res.status(200).type(report.contentType).attachment(report.filename);
  try {
    await report.writeTo(res);
  } catch (error) {
    res.destroy();
    // A cancelled download is the reader's choice: nothing failed, nothing to log as an error.
    if (error instanceof ReportReaderGone) return;
    throw error;
  }
}
