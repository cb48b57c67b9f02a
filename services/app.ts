import express from 'express';
import { fileURLToPath } from 'node:url';
import type { AppContext } from './app-context.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { requestLog } from './http/request-log.js';
import { healthRouter } from './health/health.router.js';

const staticDir = fileURLToPath(new URL('./static', import.meta.url));

/** Composes the HTTP service: one router per capability, one error handler. */
export function createApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', parseTrustProxy(ctx.config.TRUST_PROXY));
  app.use(requestLog(ctx.log));
  app.use('/static', express.static(staticDir, { maxAge: '1h', index: false }));
  app.use(healthRouter(ctx));
  for (const { path, router } of ctx.extraRouters ?? []) app.use(path, router);
  app.use(notFoundHandler());
  app.use(errorHandler(ctx.log, ctx.views));
  return app;
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}
