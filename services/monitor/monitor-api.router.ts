import { Router, type RequestHandler } from 'express';
import type { AppContext } from '../app-context.js';
import { parseInput } from '../http/validate-input.js';
import { recordRequestEvent, staffAsActor } from '../http/staff-event.js';
import { apiTokenGuard, currentStaff } from '../intake/auth.js';
import { exportReport } from './export-report.js';
import { MONITOR_ROLES } from './monitor-access.js';
import { sendReport } from './monitor-pages.router.js';
import { monitorStats } from './monitor-stats.js';
import { PeriodQuerySchema } from './period-query.js';
import { toStatsView } from './stats-view.js';

const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/**
 * `GET /api/v1/stats` and `GET /api/v1/reports/export` for integrations (bearer token of a chief,
 * reviewer or admin): the same numbers and files as the dashboard. Guards are per route, so the
 * rest of `/api/v1` keeps its own.
 */
export function monitorApiRouter(ctx: AppContext): Router {
  const router = Router();
  const guard = [noStore, ...apiTokenGuard(ctx, 'read', ...MONITOR_ROLES)];

  router.get('/stats', ...guard, async (req, res) => {
    const query = parseInput(PeriodQuerySchema, req.query);
    const stats = await monitorStats(ctx.domain, currentStaff(res), query, ctx.clock());
    res.json(toStatsView(stats));
  });

  router.get('/reports/export', ...guard, async (req, res) => {
    const staff = currentStaff(res);
    const report = exportReport(ctx.domain, staff, req.query, ctx.clock());
    recordRequestEvent(ctx, req, staffAsActor(staff), {
      kind: 'export',
      target: report.filename,
      data: { report: 'monthly', via: 'api' },
    });
    await sendReport(res, report);
  });

  return router;
}
