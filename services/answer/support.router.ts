import express, { type Request, type Response, type Router } from 'express';
import type { AppContext } from '../app-context.js';
import { rateLimit } from '../http/rate-limit.js';
import { recordRequestEvent, ticketRef, type RequestActor } from '../http/staff-event.js';
import { parseInput } from '../http/validate-input.js';
import { AppError } from '../../shared/errors/app-error.js';
import { checkAttachments } from '../../shared/answering/attachment-check.js';
import { recordSupportInput } from '../../shared/co-handling/record-support-input.js';
import {
  isKnownSupportLinkPath,
  resolveSupportLink,
  type LinkedSupport,
} from '../../shared/co-handling/resolve-support-link.js';
import { SupportInputFormSchema } from './answer-forms.schema.js';
import { attachmentUpload, receivedFiles } from './attachment-upload.js';
import { issueFormGuard, newFormId, verifyFormGuard } from './form-guard.js';
import type { FormProblem } from './answer-page.js';
import { supportPageModel } from './support-page.js';
import { createUploadSlots } from './upload-slots.js';

const GUESS_WINDOW_MS = 15 * 60_000;
const GUESS_LIMIT = 30;
const KEPT_VALUES = ['text', 'name', 'position'];

/**
 * A supporting unit's page behind its e-mailed link (`/answer/support/<token>`, co-handling): the
 * ticket, its own deadline, and one form for its input (text and files, under the answer page's
 * rules). The link is its only credential; it stops working when the lead answers, the ticket is
 * reassigned or reopened, or it is closed.
 */
export function supportRouter(ctx: AppContext): Router {
  const router = express.Router();
  const uploadSlots = createUploadSlots();
  router.use((_req, res, next) => {
    res.set({
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Robots-Tag': 'noindex, nofollow',
    });
    next();
  });
  router.use(
    rateLimit(ctx, {
      name: 'support',
      windowMs: GUESS_WINDOW_MS,
      limit: GUESS_LIMIT,
      countsTowardLimit: (status) => status === 404,
      skip: (req) => isKnownSupportLinkPath(req.path),
    }),
  );

  const tokenOf = (req: Request): string => String(req.params.token ?? '');
  const actorOf = (linked: LinkedSupport): RequestActor => ({
    name: ctx.domain.unit(linked.support.unitCode)?.name ?? linked.support.unitCode,
    role: 'unit',
  });
  const openLink = async (req: Request, res: Response): Promise<LinkedSupport> => {
    const linked = await resolveSupportLink(tokenOf(req), ctx.clock());
    res.locals.ticketCode = linked.ticket.code;
    return linked;
  };
  const renderPage = (
    req: Request,
    res: Response,
    linked: LinkedSupport,
    options: { status?: number; done?: boolean; alert?: string; problem?: FormProblem } = {},
  ): void => {
    const csrf = issueFormGuard(req, res, ctx.config.LINK_SECRET, linked.tokenHash);
    // The page shows the citizen's identity to whoever holds the link (issue 16 access log).
    recordRequestEvent(ctx, req, actorOf(linked), {
      kind: 'view',
      ticket: ticketRef(linked.ticket),
      data: { page: 'support', supportNo: linked.support.no },
    });
    const model = supportPageModel(ctx.domain, linked, {
      token: tokenOf(req),
      now: ctx.clock(),
      csrf,
      formId: newFormId(),
      ...options,
    });
    res
      .status(options.status ?? 200)
      .type('html')
      .send(ctx.views.render('support-input.njk', model));
  };

  router.get('/:token', async (req, res) => {
    const linked = await openLink(req, res);
    renderPage(req, res, linked, { done: req.query.done === 'input' });
  });

  router.post('/:token/input', async (req, res) => {
    // As on the answer page: link, form guard and upload slot are checked before the upload is read.
    const linked = await openLink(req, res);
    let release: () => void;
    try {
      verifyFormGuard(req, ctx.config.LINK_SECRET, linked.tokenHash, req.query.csrf);
      release = uploadSlots.take(linked.tokenHash);
    } catch (error) {
      res.set('Connection', 'close');
      throw error;
    }
    res.once('close', release);
    try {
      const uploadError = await new Promise<unknown>((resolve) => attachmentUpload()(req, res, resolve));
      if (uploadError && !(uploadError instanceof AppError && uploadError.status === 400)) throw uploadError;
      try {
        if (uploadError) throw uploadError;
        verifyFormGuard(
          req,
          ctx.config.LINK_SECRET,
          linked.tokenHash,
          (req.body as Record<string, unknown>)?.csrf,
        );
        const form = parseInput(SupportInputFormSchema, { ...(req.body as object) });
        const attachments = checkAttachments(receivedFiles(req.files));
        await recordSupportInput(
          ctx,
          linked,
          {
            text: form.text,
            responderName: form.name,
            responderPosition: form.position,
            formId: form.formId,
          },
          attachments,
        );
        res.redirect(303, `/answer/support/${tokenOf(req)}?done=input`);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.status === 400) {
          const body = (req.body ?? {}) as Record<string, unknown>;
          renderPage(req, res, linked, {
            status: 400,
            problem: {
              form: 'input',
              fields: Object.fromEntries(
                (error.details ?? []).map((detail) => [detail.path, detail.message]),
              ),
              message: error.code === 'VALIDATION_FAILED' ? undefined : error.message,
              values: Object.fromEntries(
                KEPT_VALUES.filter((key) => typeof body[key] === 'string').map((key) => [key, body[key]]),
              ),
            },
          });
          return;
        }
        if (error.code === 'SUPPORT_INPUT_ALREADY_SENT' || error.code === 'CONFLICT') {
          renderPage(req, res, await openLink(req, res), { status: 409, alert: error.message });
          return;
        }
        throw error;
      }
    } finally {
      release();
    }
  });

  return router;
}
