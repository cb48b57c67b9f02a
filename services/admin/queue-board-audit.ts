import type { RequestHandler } from 'express';
import type { AppContext } from '../app-context.js';
import { currentStaff } from '../intake/auth.js';
import { recordRequestEvent, staffAsActor } from '../http/staff-event.js';

/**
 * Every change made on the queue board (retry, promote, clean, remove, pause: any non-GET the board
 * accepted) is a staff event (issue 14): who, when, from where, and the board path acted on (queue
 * names and job ids, which carry ticket ids, never ticket contents). Runs after the guard.
 */
export function queueBoardAudit(ctx: Pick<AppContext, 'log' | 'clock'>): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const staff = currentStaff(res);
      res.once('finish', () => {
        if (res.statusCode >= 400) return;
        recordRequestEvent(ctx, req, staffAsActor(staff), {
          kind: 'queue_board',
          target: `${req.method} ${req.path}`.slice(0, 300),
        });
      });
    }
    next();
  };
}
