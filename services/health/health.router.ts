import { Router } from 'express';
import { pingDatabase } from '../../shared/db/connection.js';
import { pingRedis } from '../../shared/queue/redis-connection.js';
import type { AppContext } from '../app-context.js';

/** `/healthz`: the process is up. `/readyz`: MongoDB and Redis answer (503 naming what failed). */
export function healthRouter(ctx: Pick<AppContext, 'redis' | 'mongoKind'>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [mongodb, redis] = await Promise.all([pingDatabase(), pingRedis(ctx.redis)]);
    const failing = [...(mongodb ? [] : ['mongodb']), ...(redis ? [] : ['redis'])];
    res.status(failing.length === 0 ? 200 : 503).json({
      status: failing.length === 0 ? 'ready' : 'unavailable',
      checks: { mongodb: mongodb ? 'ok' : 'failed', redis: redis ? 'ok' : 'failed' },
      mongodbProvider: ctx.mongoKind,
      ...(failing.length > 0 ? { failing } : {}),
    });
  });
  return router;
}
