import { Router, type Request, type RequestHandler, type Response } from 'express';
import { AppError } from '../../shared/errors/app-error.js';
import { STAFF_EVENT_KINDS } from '../../shared/audit/staff-events.js';
import { listStaff } from '../../shared/staff/staff-accounts.js';
import type { AppContext } from '../app-context.js';
import { parseInput } from '../http/validate-input.js';
import { apiTokenGuard } from '../intake/auth.js';
import { auditSession } from './audit-session.js';
import { journalPage } from './journal.js';
import { ACTOR_ROLE_LABELS_VI, STAFF_EVENT_KIND_LABELS_VI } from './journal-labels-vi.js';
import { JournalQuerySchema } from './journal-query.js';
import { toAccessLogPage } from './audit-api.views.js';

const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/** Admin pages need the audit session; a GET without one goes to the dashboard login and comes back. */
export const requireAuditPage: RequestHandler = (req, res, next) => {
  if (auditSession(res)) return next();
  if (req.method !== 'GET') throw new AppError(401, 'SESSION_EXPIRED');
  res.redirect(303, `/monitor?next=${encodeURIComponent(req.baseUrl + req.path)}`);
};

/** The filters as typed, given back to the form (strings only). */
function typedFilters(raw: Request['query']): Record<string, string> {
  return Object.fromEntries(
    ['ticket', 'actor', 'kind', 'from', 'to'].flatMap((key) =>
      typeof raw[key] === 'string' ? [[key, raw[key] as string]] : [],
    ),
  );
}

/**
 * The access journal (Nhật ký truy cập, issue 14 and 16): `GET /admin/journal` for admins logged in
 * on the dashboard, `GET /api/v1/access-log` for admin tokens. Read-only: no route here, or anywhere,
 * writes to the store; any other method on these paths is a 404.
 */
export function journalRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/admin/journal', noStore, requireAuditPage, async (req: Request, res: Response) => {
    const session = auditSession(res)!;
    let alert: string | undefined;
    let page;
    try {
      const query = parseInput(JournalQuerySchema, req.query);
      page = { query, ...(await journalPage(query)) };
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      alert = `Bộ lọc không hợp lệ: ${(error.details ?? []).map((d) => `${d.path}: ${d.message}`).join(' ')}`;
    }
    const filters = typedFilters(req.query);
    const link = (pageNo: number) =>
      `/admin/journal?${new URLSearchParams({ ...filters, page: String(pageNo) }).toString()}`;
    res
      .status(alert ? 400 : 200)
      .type('html')
      .send(
        ctx.views.render('admin-journal.njk', {
          staff: session.staff,
          filters,
          alert,
          kinds: STAFF_EVENT_KINDS.map((code) => ({ code, label: STAFF_EVENT_KIND_LABELS_VI[code] })),
          people: (await listStaff()).map((member) => ({ email: member.email, name: member.name })),
          rows: (page?.events ?? []).map((event) => ({
            ...event,
            kindLabel: STAFF_EVENT_KIND_LABELS_VI[event.kind] ?? event.kind,
            roleLabel: ACTOR_ROLE_LABELS_VI[event.role] ?? event.role,
          })),
          page: page?.page ?? 1,
          nextHref: page?.hasNext ? link(page.page + 1) : undefined,
          previousHref: page && page.page > 1 ? link(page.page - 1) : undefined,
        }),
      );
  });

  router.get('/api/v1/access-log', noStore, ...apiTokenGuard(ctx, 'read', 'admin'), async (req, res) => {
    const query = parseInput(JournalQuerySchema, req.query);
    const page = await journalPage(query);
    res.json(toAccessLogPage(page));
  });

  return router;
}
