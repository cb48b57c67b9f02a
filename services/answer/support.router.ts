import express, { type Router } from 'express';
import type { AppContext } from '../app-context.js';
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
import { verifyFormGuard } from './form-guard.js';
import { linkDoor } from './link-door.js';
import type { FormProblem } from './answer-page.js';
import { supportPageModel } from './support-page.js';
import { createUploadSlots } from './upload-slots.js';

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
  const { guards, tokenOf, openLink, renderPage } = linkDoor<
    LinkedSupport,
    { status?: number; done?: boolean; alert?: string; problem?: FormProblem }
  >(ctx, {
    page: 'support',
    resolve: resolveSupportLink,
    isKnownPath: isKnownSupportLinkPath,
    actor: (linked) => ({
      name: ctx.domain.unit(linked.support.unitCode)?.name ?? linked.support.unitCode,
      role: 'unit',
    }),
    viewData: (linked) => ({ supportNo: linked.support.no }),
    template: 'support-input.njk',
    model: (linked, options) => supportPageModel(ctx.domain, linked, options),
  });
  router.use(...guards);

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
