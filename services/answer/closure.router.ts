import express, { Router } from 'express';
import { AppError } from '../../shared/errors/app-error.js';
import type { AppContext } from '../app-context.js';
import { bearerAuth, currentStaff, requireRole } from '../intake/auth.js';
import { toTicketView } from '../intake/ticket-view.js';
import { closeTicket } from './close-ticket.js';
import { rejectInvalidUtf8 } from '../http/utf8-body.js';

/** `POST /api/v1/tickets/:idOrCode/closure`: the operator records the call-back and closes the ticket. */
export function closureRouter(ctx: AppContext): Router {
  const router = Router();
  router.post(
    '/api/v1/tickets/:idOrCode/closure',
    (_req, res, next) => {
      res.set('Cache-Control', 'no-store');
      next();
    },
    bearerAuth(ctx.clock),
    requireRole('operator', 'admin'),
    (req, _res, next) => {
      if (!req.is('application/json')) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE');
      next();
    },
    express.json({ limit: '16kb', strict: true, verify: rejectInvalidUtf8('MALFORMED_JSON') }),
    async (req, res) => {
      const ticket = await closeTicket(ctx, currentStaff(res), String(req.params.idOrCode ?? ''), req.body);
      res.locals.ticketCode = ticket.code;
      res.json(toTicketView(ticket, ctx.domain, currentStaff(res).role));
    },
  );
  return router;
}
