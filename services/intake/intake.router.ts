import express, { Router, type RequestHandler } from 'express';
import { AppError } from '../../shared/errors/app-error.js';
import { TicketListQuerySchema } from '../../shared/tickets/ticket-filters.schema.js';
import type { AppContext } from '../app-context.js';
import { parseInput } from '../http/validate-input.js';
import { bearerAuth, currentStaff, requireRole, requireScope, tokenRateLimit } from './auth.js';
import { inFlightGuard } from '../http/in-flight-guard.js';
import { createTicket } from './create-ticket.js';
import { intakeDeps } from './intake-deps.js';
import { findTickets, getTicket } from './read-tickets.js';
import { categoriesView, departmentsView, proceduresView } from './reference-data.js';
import { toTicketView } from './ticket-view.js';
import { rejectInvalidUtf8 } from '../http/utf8-body.js';
import { recordRequestEvent, recordRequestEvents, staffAsActor, ticketRef } from '../http/staff-event.js';

/** A ticket is a few kilobytes; anything near this is a mistake or an attack. */
export const MAX_BODY = '64kb';

const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE');
  next();
};

const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/** The operator API, mounted at `/api/v1`: every call needs a bearer token. */
export function intakeRouter(ctx: AppContext): Router {
  const deps = intakeDeps(ctx);
  const router = Router();
  // The capacity guard comes first, so that a request refused past capacity costs no database
  // look-up; a seat is held only while the request is served (an unauthenticated one is answered
  // 401 before its body is read). Then the bearer token, then that token's own rate limit.
  router.use(
    noStore,
    inFlightGuard({ max: ctx.config.INTAKE_MAX_IN_FLIGHT, retryAfterSeconds: 1 }),
    bearerAuth(ctx.clock),
    tokenRateLimit(ctx),
  );

  router.post(
    '/tickets',
    requireScope('intake'),
    requireRole('operator', 'admin'),
    requireJson,
    express.json({ limit: MAX_BODY, strict: true, verify: rejectInvalidUtf8('MALFORMED_JSON') }),
    async (req, res) => {
      const result = await createTicket(deps, {
        body: req.body,
        staff: currentStaff(res),
        idempotencyKey: req.get('Idempotency-Key'),
      });
      res.locals.ticketCode = result.ticket.code;
      if (result.replayed) res.set('Idempotent-Replayed', 'true');
      res
        .status(result.replayed ? 200 : 201)
        .location(`/api/v1/tickets/${result.ticket.code}`)
        .json(toTicketView(result.ticket, ctx.domain, currentStaff(res).role, result.routing));
    },
  );

  router.get('/tickets', requireScope('read'), async (req, res) => {
    const query = parseInput(TicketListQuerySchema, req.query);
    const staff = currentStaff(res);
    const page = await findTickets(staff, ctx.domain.policy, query, ctx.clock());
    // Each listed ticket carries its citizen's identity: one access-log row per ticket, one insert.
    recordRequestEvents(
      ctx,
      req,
      staffAsActor(staff),
      page.tickets.map((ticket) => ({ kind: 'view', ticket: ticketRef(ticket), data: { api: 'list' } })),
    );
    res.json({
      items: page.tickets.map((ticket) => toTicketView(ticket, ctx.domain, staff.role)),
      next: page.next,
    });
  });

  router.get('/tickets/:idOrCode', requireScope('read'), async (req, res) => {
    const staff = currentStaff(res);
    const ticket = await getTicket(staff, ctx.domain.policy, String(req.params.idOrCode));
    res.locals.ticketCode = ticket.code;
    recordRequestEvent(ctx, req, staffAsActor(staff), {
      kind: 'view',
      ticket: ticketRef(ticket),
      data: { api: 'read' },
    });
    res.json(toTicketView(ticket, ctx.domain, staff.role));
  });

  router.get('/categories', (_req, res) => {
    res.json(categoriesView(ctx.domain.table));
  });
  router.get('/departments', (_req, res) => {
    res.json(departmentsView(ctx.domain.table));
  });
  router.get('/procedures', (_req, res) => {
    res.json(proceduresView(ctx.domain.table));
  });
  return router;
}
