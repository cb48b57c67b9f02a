import { closeHttpServer } from './http/close-server.js';
import express from 'express';
import type { Server } from 'node:http';
import type { AppContext } from './app-context.js';
import { listen } from './http/listen.js';
import { healthRouter } from './health/health.router.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { securityHeaders } from './http/security.js';
import { metricsRouter } from './metrics/metrics.router.js';

/**
 * The HTTP side of a workers-only process: `/healthz`, `/readyz` and `/metrics` on PORT, so the
 * counters that workers keep (e-mails, escalations) can be scraped and the container's health
 * check asks the worker process itself.
 */
export function createOpsApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(ctx.config));
  app.use(healthRouter(ctx, { reportMailbox: true }));
  app.use(metricsRouter(ctx));
  app.use(notFoundHandler());
  app.use(errorHandler(ctx.log, ctx.views));
  return app;
}

/** Listens with the ops app on `ctx.config.PORT`; resolves once listening. */
export async function startOpsServer(ctx: AppContext): Promise<{ server: Server; close(): Promise<void> }> {
  const app = createOpsApp(ctx);
  const server = await listen(app, ctx.config.PORT, ctx.config.LISTEN_ADDRESS);
  return {
    server,
    close: () => closeHttpServer(server),
  };
}
