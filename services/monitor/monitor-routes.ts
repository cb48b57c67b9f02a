import express, { Router } from 'express';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { AppContext } from '../app-context.js';
import { monitorApiRouter } from './monitor-api.router.js';
import { monitorLoginRouter } from './monitor-login.router.js';
import { monitorPagesRouter } from './monitor-pages.router.js';
import { loadMonitorSession } from './monitor-session.js';
import { monitorTicketRouter } from './monitor-ticket.router.js';

// chart.js is served from node_modules: the CSP allows scripts from this site only, never a CDN.
const chartJsDir = dirname(createRequire(import.meta.url).resolve('chart.js'));

/** The monitoring capability: the Office Chief's dashboard at `/monitor`, its API under `/api/v1`. */
export function monitorRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/static/vendor/chart.js', express.static(chartJsDir, { index: false, maxAge: '7d' }));

  const pages = Router();
  pages.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  pages.use(loadMonitorSession(ctx.clock, ctx.config.LINK_SECRET, ctx.config.SESSION_IDLE_MINUTES * 60_000));
  pages.use(monitorLoginRouter(ctx));
  pages.use('/tickets', monitorTicketRouter(ctx));
  pages.use(monitorPagesRouter(ctx));
  router.use('/monitor', pages);

  router.use('/api/v1', monitorApiRouter(ctx));
  return router;
}
