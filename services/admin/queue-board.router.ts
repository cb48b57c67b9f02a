import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Router, type Express, type RequestHandler } from 'express';
import { QUEUE_NAMES, type QueueSet } from '../../shared/queue/queues.js';
import { QUEUE_BOARD_PATH } from './admin-session.js';

type BoardServerAdapter = Parameters<typeof createBullBoard>[0]['serverAdapter'];

// Bull Board's page carries inline style attributes and a <style> element, so styles are relaxed
// here, for admins only; scripts stay `'self'` and its Google Fonts stylesheet is not allowed.
const BOARD_POLICY = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
].join('; ');

/**
 * Bull Board over every queue, behind `guard` (middleware that must let only admins through);
 * mount the returned router at `basePath` (default `/admin/queues`).
 */
export function queueBoardRouter(options: {
  queues: QueueSet;
  guard: RequestHandler | RequestHandler[];
  basePath?: string;
}): Router {
  const basePath = options.basePath ?? QUEUE_BOARD_PATH;
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(basePath);
  createBullBoard({
    queues: QUEUE_NAMES.map((name) => new BullMQAdapter(options.queues[name])),
    // @bull-board/express 9.10.1 pins its own @bull-board/api 9.10.1 next to our 9.10.2; the
    // adapter interface is the same, only the nominal types differ.
    serverAdapter: serverAdapter as unknown as BoardServerAdapter,
    options: { uiConfig: { boardTitle: 'Tổng đài 1022 · hàng đợi' } },
  });
  const board = serverAdapter.getRouter() as Express;
  // The board is an Express app of its own, which would otherwise announce itself again.
  board.disable('x-powered-by');

  const boardHeaders: RequestHandler = (_req, res, next) => {
    res.setHeader('Content-Security-Policy', BOARD_POLICY);
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
  const router = Router();
  router.use([options.guard].flat(), boardHeaders, board);
  return router;
}
