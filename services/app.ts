import express from 'express';
import { fileURLToPath } from 'node:url';
import type { AppContext } from './app-context.js';
import { secureCookiesWhenHttps } from './http/cookies.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { httpMetrics } from './http/http-metrics.js';
import { requestLog } from './http/request-log.js';
import { trackRouteMount } from './http/route-pattern.js';
import { securityHeaders } from './http/security.js';
import { healthRouter } from './health/health.router.js';
import { queueBoardGuard } from './admin/queue-board-guard.js';
import { ADMIN_PATH, QUEUE_BOARD_PATH } from './admin/admin-session.js';
import { adminPagesRouter } from './admin/admin-pages.router.js';
import { queueBoardRouter } from './admin/queue-board.router.js';
import { metricsRouter } from './metrics/metrics.router.js';
import { apiDocsRouter } from './intake/api-docs.router.js';
import { intakeRouter } from './intake/intake.router.js';
import { operatorPageRouter } from './intake/operator-page.router.js';
import { answerRoutes } from './answer/answer-routes.js';
import { monitorRoutes } from './monitor/monitor-routes.js';
import { auditRoutes } from './admin/audit-routes.js';
import { LOOKUP_PATH, lookupRouter } from './citizen/lookup.router.js';
import { PUBLISHED_PATH, publishedRouter } from './citizen/published.router.js';

const staticDir = fileURLToPath(new URL('./static', import.meta.url));

/** Composes the HTTP service: one router per capability, one error handler. */
export function createApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', parseTrustProxy(ctx.config.TRUST_PROXY));
  app.use(trackRouteMount());
  app.use(requestLog(ctx.log));
  app.use(httpMetrics());
  app.use(securityHeaders(ctx.config));
  app.use(secureCookiesWhenHttps(ctx.config.PUBLIC_BASE_URL));
  app.use('/static', express.static(staticDir, { maxAge: '1h', index: false }));
  app.use(healthRouter(ctx));
  app.use(metricsRouter(ctx));
  // Pages and the API follow the newest organisation (an /admin change) without a restart.
  app.use((_req, _res, next) => {
    ctx.domain.refresh().then(() => next(), next);
  });
  app.use(QUEUE_BOARD_PATH, queueBoardRouter({ queues: ctx.queues, guard: queueBoardGuard(ctx) }));
  app.use(answerRoutes(ctx));
  app.use(monitorRoutes(ctx));
  app.use(auditRoutes(ctx));
  app.use(ADMIN_PATH, adminPagesRouter(ctx));
  app.use('/api/v1', apiDocsRouter(ctx));
  app.use('/api/v1', intakeRouter(ctx));
  app.use('/operator', operatorPageRouter(ctx));
  app.use(LOOKUP_PATH, lookupRouter(ctx));
  app.use(PUBLISHED_PATH, publishedRouter(ctx));
  for (const { path, router } of ctx.extraRouters ?? []) app.use(path, router);
  app.use(notFoundHandler());
  app.use(errorHandler(ctx.log, ctx.views));
  return app;
}

/** TRUST_PROXY as Express takes it; config/env.ts has already refused `true` and anything else. */
function parseTrustProxy(value: string | undefined): false | number | string[] {
  if (value === undefined || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((entry) => entry.trim());
}
