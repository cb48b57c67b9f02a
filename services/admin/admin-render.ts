import type { Request, Response } from 'express';
import type { AppContext } from '../app-context.js';
import { ADMIN_NAV } from './admin-nav.js';
import { requireAdminSession } from './admin-session.js';

/** Renders an admin page with what every one of them shows: the nav, the CSRF token, the version in force. */
export type AdminRender = (
  req: Request,
  res: Response,
  template: string,
  model: object,
  status?: number,
) => void;

export function adminRenderer(ctx: AppContext): AdminRender {
  return (req, res, template, model, status = 200) => {
    const session = requireAdminSession(res);
    res
      .status(status)
      // no-store: a page may carry a new token's secret, shown once.
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(
        ctx.views.render(template, {
          staff: session.staff,
          csrf: session.csrfToken,
          nav: ADMIN_NAV,
          current: req.baseUrl + (req.path === '/' ? '' : req.path),
          saved: req.query.saved === '1',
          version: ctx.domain.version,
          table: ctx.domain.table,
          ...model,
        }),
      );
  };
}
