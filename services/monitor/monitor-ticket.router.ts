import express, { Router, type Request, type Response } from 'express';
import { AppError } from '../../shared/errors/app-error.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import type { AppContext } from '../app-context.js';
import { addNote } from './add-note.js';
import { closeWithReason } from './close-with-reason.js';
import { decideExtension } from './decide-extension.js';
import { decideTransfer } from './decide-transfer.js';
import { canAct } from './monitor-access.js';
import { checkSessionCsrf, requireMonitorSession } from './monitor-session.js';
import { findVisibleTicket } from './monitor-tickets.js';
import { requirePageSession } from './monitor-pages.router.js';
import { reassignFromForm } from './reassign-ticket.js';
import { publishAnswer, withdrawPublication } from './publish-answer.js';
import { publicationPreviewModel } from './publication-preview.js';
import { reopenTicket } from './reopen-ticket.js';
import type { ActionDeps, ActionOutcome } from './ticket-action.js';
import { isDoneNotice, ticketPageModel, type DoneNotice } from './ticket-page.js';
import { rejectInvalidUtf8 } from '../http/utf8-body.js';
import { recordRequestEvent, staffAsActor, ticketRef } from '../http/staff-event.js';

type Action = (
  deps: ActionDeps,
  staff: StaffPrincipal,
  ticket: StoredTicket,
  body: unknown,
) => Promise<ActionOutcome>;

/** The Office Chief's actions, each a POST form; `note` is open to every dashboard role. */
const ACTIONS: Record<DoneNotice, { run: Action; actingOnly: boolean }> = {
  reassign: { run: reassignFromForm, actingOnly: true },
  extension: { run: decideExtension, actingOnly: true },
  transfer: { run: decideTransfer, actingOnly: true },
  note: { run: addNote, actingOnly: false },
  close: { run: closeWithReason, actingOnly: true },
  publish: { run: publishAnswer, actingOnly: true },
  withdraw: { run: withdrawPublication, actingOnly: true },
  reopen: { run: reopenTicket, actingOnly: true },
};
/** Fields typed by people, given back to a form that came back with a problem. */
const KEPT_VALUES = ['unitCode', 'reason', 'note', 'text', 'question', 'answer'];

/** `/monitor/tickets/:code`: one ticket with its whole history, and the forms to act on it. */
export function monitorTicketRouter(ctx: AppContext): Router {
  const router = Router();
  const form = express.urlencoded({
    extended: false,
    limit: '32kb',
    parameterLimit: 20,
    verify: rejectInvalidUtf8('VALIDATION_FAILED'),
  });
  router.use(requirePageSession);

  const render = (
    req: Request,
    res: Response,
    ticket: StoredTicket,
    options: { status?: number; done?: DoneNotice; alert?: string; values?: Record<string, unknown> } = {},
  ): void => {
    const session = requireMonitorSession(res);
    res.locals.ticketCode = ticket.code;
    // The page shows the complainant's identity: every showing is in the access log (issue 16).
    recordRequestEvent(ctx, req, staffAsActor(session.staff), {
      kind: 'view',
      ticket: ticketRef(ticket),
      data: { page: 'monitor' },
    });
    res
      .status(options.status ?? 200)
      .type('html')
      .send(
        ctx.views.render(
          'monitor-ticket.njk',
          ticketPageModel(ctx.domain, session, ticket, { now: ctx.clock(), ...options }),
        ),
      );
  };

  router.get('/:code', async (req, res) => {
    const session = requireMonitorSession(res);
    const ticket = await findVisibleTicket(ctx.domain, session.staff, String(req.params.code));
    render(req, res, ticket, isDoneNotice(req.query.done) ? { done: req.query.done } : {});
  });

  router.get('/:code/publication', async (req, res) => {
    const session = requireMonitorSession(res);
    if (!canAct(session.staff)) throw new AppError(403, 'FORBIDDEN');
    const ticket = await findVisibleTicket(ctx.domain, session.staff, String(req.params.code));
    res.locals.ticketCode = ticket.code;
    res.type('html').send(ctx.views.render('monitor-publication.njk', publicationPreviewModel(session, ticket)));
  });

  router.post('/:code/:action', form, async (req: Request, res: Response) => {
    const session = requireMonitorSession(res);
    checkSessionCsrf(req, session);
    const name = String(req.params.action);
    const action = isDoneNotice(name) ? ACTIONS[name] : undefined;
    if (!action) throw new AppError(404, 'NOT_FOUND');
    if (action.actingOnly && !canAct(session.staff)) throw new AppError(403, 'FORBIDDEN');
    const ticket = await findVisibleTicket(ctx.domain, session.staff, String(req.params.code));
    try {
      await action.run(ctx, session.staff, ticket, req.body);
      res.redirect(303, `/monitor/tickets/${encodeURIComponent(ticket.code)}?done=${name}`);
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error;
      // Show the ticket as it is now, with what went wrong and what the person typed.
      const current = await findVisibleTicket(ctx.domain, session.staff, ticket.code);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const details = (error.details ?? []).map((detail) => detail.message).join(' ');
      render(req, res, current, {
        status: error.status,
        alert: details ? `${error.message} ${details}` : error.message,
        values: Object.fromEntries(
          KEPT_VALUES.filter((key) => typeof body[key] === 'string').map((key) => [key, body[key]]),
        ),
      });
    }
  });

  return router;
}
