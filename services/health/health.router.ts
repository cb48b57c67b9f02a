import { Router } from 'express';
import { pingDatabase } from '../../shared/db/connection.js';
import { mailboxHealth } from '../../shared/inbound-mail/mailbox-status.js';
import { pingRedis } from '../../shared/queue/redis-connection.js';
import type { AppContext } from '../app-context.js';

/**
 * `/healthz`: the process is up. `/readyz`: MongoDB and Redis answer, and, on a workers-only process's ops
 * server, the replies' mailbox it reads (503 naming what failed).
 */
export function healthRouter(
  ctx: Pick<AppContext, 'redis' | 'mongoKind'>,
  // Only the workers' own /readyz: a mail server down must not take the HTTP service out of a proxy's rotation.
  options: { reportMailbox?: boolean } = {},
): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [mongodb, redis] = await Promise.all([pingDatabase(), pingRedis(ctx.redis)]);
    const mailbox = options.reportMailbox ? mailboxHealth() : undefined;
    const failing = [
      ...(mongodb ? [] : ['mongodb']),
      ...(redis ? [] : ['redis']),
      ...(mailbox && !mailbox.reachable ? ['mailbox'] : []),
    ];
    res.status(failing.length === 0 ? 200 : 503).json({
      status: failing.length === 0 ? 'ready' : 'unavailable',
      checks: {
        mongodb: mongodb ? 'ok' : 'failed',
        redis: redis ? 'ok' : 'failed',
        ...(mailbox ? { mailbox: mailbox.reachable ? 'ok' : 'failed' } : {}),
      },
      ...(mailbox && !mailbox.reachable
        ? {
            mailbox: {
              failures: mailbox.failures,
              nextAttemptAt: mailbox.nextAttemptAt,
              error: mailbox.lastError,
            },
          }
        : {}),
      mongodbProvider: ctx.mongoKind,
      ...(failing.length > 0 ? { failing } : {}),
    });
  });
  return router;
}
