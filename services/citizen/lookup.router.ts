import express, { type Router } from 'express';
import type { AppContext } from '../app-context.js';
import { rateLimit } from '../http/rate-limit.js';
import { rejectInvalidUtf8 } from '../http/utf8-body.js';
import { lookUpTicket } from '../../shared/citizen/look-up-ticket.js';
import { readLookupForm } from './lookup-form.js';

export const LOOKUP_PATH = '/tra-cuu';
/** Failed look-ups allowed per client in 15 minutes (the 31st is refused), and per ticket code in an hour. */
const CLIENT_WINDOW_MS = 15 * 60_000;
const CLIENT_LIMIT = 30;
const CODE_WINDOW_MS = 60 * 60_000;
const CODE_LIMIT = 10;
const NOT_FOUND_STATUS = 404;

/**
 * The citizen's public look-up (`/tra-cuu`): ticket code and the last four digits of the phone they
 * gave. Posted, not put in the URL, so the digits stay out of logs and browser history. Only failed
 * look-ups count toward the limits; a citizen checking their own request again is never refused.
 */
export function lookupRouter(ctx: AppContext): Router {
  const router = express.Router();
  const department = ctx.domain.table.department;
  const form = express.urlencoded({
    extended: false,
    limit: '4kb',
    parameterLimit: 5,
    verify: rejectInvalidUtf8('VALIDATION_FAILED'),
  });
  const countsFailures = (status: number) => status === NOT_FOUND_STATUS;
  const perClient = rateLimit(ctx, {
    name: 'lookup-client',
    windowMs: CLIENT_WINDOW_MS,
    limit: CLIENT_LIMIT,
    countsTowardLimit: countsFailures,
  });
  const perCode = rateLimit(ctx, {
    name: 'lookup-code',
    windowMs: CODE_WINDOW_MS,
    limit: CODE_LIMIT,
    countsTowardLimit: countsFailures,
    keyGenerator: (req) => {
      const code = (req.body as { code?: unknown } | undefined)?.code;
      return typeof code === 'string' ? code.replace(/\s+/g, '').slice(0, 40) : '-';
    },
  });

  router.use((_req, res, next) => {
    res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' });
    next();
  });
  router.get('/', (_req, res) => {
    res.type('html').send(ctx.views.render('lookup.njk', { department, values: {}, errors: {} }));
  });
  router.post('/', form, perClient, perCode, async (req, res) => {
    const read = readLookupForm(req.body);
    if (!read.ok) {
      res
        .status(400)
        .type('html')
        .send(ctx.views.render('lookup.njk', { department, ...read }));
      return;
    }
    const found = await lookUpTicket(ctx.domain, read.form);
    res
      .status(found ? 200 : NOT_FOUND_STATUS)
      .type('html')
      .send(
        ctx.views.render('lookup.njk', {
          department,
          values: { code: read.form.code },
          errors: {},
          found,
          notFound: !found,
        }),
      );
  });
  return router;
}
