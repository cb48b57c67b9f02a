import express, { Router, type RequestHandler } from 'express';
import { AppError } from '../../shared/errors/app-error.js';
import type { AppContext } from '../app-context.js';
import { apiTokenGuard, currentStaff } from '../intake/auth.js';
import { toTicketView } from '../intake/ticket-view.js';
import { closeTicket } from './close-ticket.js';
import { recordCitizenReply } from './record-citizen-reply.js';
import { rejectInvalidUtf8 } from '../http/utf8-body.js';

/**
 * The operator's calls to the citizen after intake: `POST /api/v1/tickets/:idOrCode/closure` records the
 * call-back (closes the ticket, or puts an unsatisfied one before the Office Chief), and
 * `POST /api/v1/tickets/:idOrCode/citizen-reply` records what the citizen added when a unit asked.
 */
export function closureRouter(ctx: AppContext): Router {
  const router = Router();
  router.post('/api/v1/tickets/:idOrCode/citizen-reply', ...operatorJson(ctx), async (req, res) => {
    const ticket = await recordCitizenReply(
      ctx,
      currentStaff(res),
      String(req.params.idOrCode ?? ''),
      req.body,
    );
    res.locals.ticketCode = ticket.code;
    res.json(toTicketView(ticket, ctx.domain, currentStaff(res).role));
  });
  router.post('/api/v1/tickets/:idOrCode/closure', ...operatorJson(ctx), async (req, res) => {
    const ticket = await closeTicket(ctx, currentStaff(res), String(req.params.idOrCode ?? ''), req.body);
    res.locals.ticketCode = ticket.code;
    res.json(toTicketView(ticket, ctx.domain, currentStaff(res).role));
  });
  return router;
}

/** No caching, an operator's (or admin's) bearer token with the `intake` scope, and a small JSON body. */
function operatorJson(ctx: AppContext): RequestHandler[] {
  return [
    (_req, res, next) => {
      res.set('Cache-Control', 'no-store');
      next();
    },
    ...apiTokenGuard(ctx, 'intake', 'operator', 'admin'),
    (req, _res, next) => {
      if (!req.is('application/json')) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE');
      next();
    },
    express.json({ limit: '16kb', strict: true, verify: rejectInvalidUtf8('MALFORMED_JSON') }),
  ];
}
