import type { Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../app-context.js';
import { rateLimit } from '../http/rate-limit.js';
import { recordRequestEvent, ticketRef, type RequestActor } from '../http/staff-event.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import { issueFormGuard, newFormId } from './form-guard.js';

/** Guessing links: 30 unknown links per client per 15 minutes, then 429 for unknown links; real links always pass. */
const GUESS_WINDOW_MS = 15 * 60_000;
const GUESS_LIMIT = 30;

/** What a page behind a personal e-mailed link knows about the link it was opened with. */
export interface OpenedLink {
  ticket: Pick<StoredTicket, '_id' | 'code'>;
  tokenHash: string;
}

/** What every page model behind a link is given, beside the page's own options. */
export interface LinkPageBase {
  token: string;
  now: Date;
  csrf: string;
  formId: string;
}

export interface LinkDoorSpec<L extends OpenedLink, O extends { status?: number }> {
  /** The page's name: its rate-limit counter and the `page` of its access events. */
  page: string;
  resolve(token: string, now: Date): Promise<L>;
  isKnownPath(path: string): boolean | Promise<boolean>;
  /** A unit has no account: the actor is its link (the unit's name). */
  actor(linked: L): RequestActor;
  /** What the access event says about the link (the assignment or support it was issued for). */
  viewData(linked: L): Record<string, unknown>;
  template: string;
  model(linked: L, options: LinkPageBase & O): object;
}

/**
 * What the pages behind personal e-mailed links (a unit's answer page, a supporting unit's input
 * page) share: the link is the only credential, so the URL is never cached, sent on as a Referer or
 * indexed, guessing links is rate-limited, and every page shown is an access event (it shows the
 * citizen's identity to whoever holds the link).
 */
export function linkDoor<L extends OpenedLink, O extends { status?: number }>(
  ctx: AppContext,
  spec: LinkDoorSpec<L, O>,
) {
  const guards: RequestHandler[] = [
    (_req, res, next) => {
      res.set({
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'X-Robots-Tag': 'noindex, nofollow',
      });
      next();
    },
    rateLimit(ctx, {
      name: spec.page,
      windowMs: GUESS_WINDOW_MS,
      limit: GUESS_LIMIT,
      countsTowardLimit: (status) => status === 404,
      skip: (req) => spec.isKnownPath(req.path),
    }),
  ];
  const tokenOf = (req: Request): string => String(req.params.token ?? '');
  const openLink = async (req: Request, res: Response): Promise<L> => {
    const linked = await spec.resolve(tokenOf(req), ctx.clock());
    res.locals.ticketCode = linked.ticket.code;
    return linked;
  };
  const renderPage = (req: Request, res: Response, linked: L, options: O): void => {
    const csrf = issueFormGuard(req, res, ctx.config.LINK_SECRET, linked.tokenHash);
    recordRequestEvent(ctx, req, spec.actor(linked), {
      kind: 'view',
      ticket: ticketRef(linked.ticket),
      data: { page: spec.page, ...spec.viewData(linked) },
    });
    const model = spec.model(linked, {
      token: tokenOf(req),
      now: ctx.clock(),
      csrf,
      formId: newFormId(),
      ...options,
    });
    res
      .status(options.status ?? 200)
      .type('html')
      .send(ctx.views.render(spec.template, model));
  };
  return { guards, tokenOf, openLink, renderPage };
}
