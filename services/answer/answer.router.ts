import express, { type Request, type Response, type Router } from 'express';
import { recordRequestEvent, ticketRef, type RequestActor } from '../http/staff-event.js';
import type { AppContext } from '../app-context.js';
import { AppError } from '../../shared/errors/app-error.js';
import { DONE_NOTICES_VI, type DoneNotice } from './answer-messages-vi.js';
import { answerPageModel, type FormName, type FormProblem } from './answer-page.js';
import { findAttachment, sendAttachment } from './download-attachment.js';
import { attachmentUpload, receivedFiles } from './attachment-upload.js';
import { verifyFormGuard } from './form-guard.js';
import { linkDoor } from './link-door.js';
import { requestExtension } from './request-extension.js';
import { askCitizen } from './ask-citizen.js';
import { requestTransfer } from './request-transfer.js';
import {
  isKnownAnswerLinkPath,
  resolveAnswerLink,
  type LinkedTicket,
} from '../../shared/answering/resolve-answer-link.js';
import { submitAnswer } from './submit-answer.js';
import { createUploadSlots } from './upload-slots.js';
import type { ActionOutcome } from '../../shared/answering/unit-action.js';
import { rejectInvalidUtf8 } from '../http/utf8-body.js';

const CONFLICT_CODES = new Set([
  'TICKET_ALREADY_ANSWERED',
  'TRANSFER_ALREADY_REQUESTED',
  'EXTENSION_ALREADY_REQUESTED',
  'CITIZEN_INFO_ALREADY_REQUESTED',
  'CONFLICT',
]);
const KEPT_VALUES = ['text', 'name', 'position', 'reason', 'suggestedUnit', 'proposedDate', 'question'];

/** A unit has no account: the actor is its link (the unit's name and the assignment it was issued for). */
function unitActorOf(ctx: AppContext) {
  return (linked: LinkedTicket): RequestActor => ({
    name: ctx.domain.unit(linked.assignment.unitCode)?.name ?? linked.assignment.unitCode,
    role: 'unit',
  });
}

/** The pages behind e-mailed answer links (`/answer/<token>`): the link is the unit's only credential. */
export function answerRouter(ctx: AppContext): Router {
  const unitActor = unitActorOf(ctx);
  const router = express.Router();
  const uploadSlots = createUploadSlots();
  const forms = express.urlencoded({
    extended: false,
    limit: '64kb',
    parameterLimit: 20,
    verify: rejectInvalidUtf8('VALIDATION_FAILED'),
  });

  const { guards, tokenOf, openLink, renderPage } = linkDoor<
    LinkedTicket,
    { status?: number; done?: DoneNotice; alert?: string; problem?: FormProblem }
  >(ctx, {
    page: 'answer',
    resolve: resolveAnswerLink,
    isKnownPath: isKnownAnswerLinkPath,
    actor: unitActor,
    viewData: (linked) => ({ assignmentNo: linked.assignment.no }),
    template: 'answer-ticket.njk',
    model: (linked, options) => answerPageModel(ctx.domain, linked, options),
  });
  router.use(...guards);

  /** Runs one of the unit's actions: success → back to the page (303), form problems → the page again with messages. */
  const runAction = async (
    req: Request,
    res: Response,
    form: FormName,
    linked: LinkedTicket,
    action: () => Promise<ActionOutcome>,
  ): Promise<void> => {
    verifyFormGuard(
      req,
      ctx.config.LINK_SECRET,
      linked.tokenHash,
      (req.body as Record<string, unknown> | undefined)?.csrf,
    );
    try {
      await action();
      res.redirect(303, `/answer/${tokenOf(req)}?done=${form}`);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.status === 400) {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const values = Object.fromEntries(
          KEPT_VALUES.filter((key) => typeof body[key] === 'string').map((key) => [key, body[key]]),
        );
        const fields = Object.fromEntries(
          (error.details ?? []).map((detail) => [detail.path, detail.message]),
        );
        const message = error.code === 'VALIDATION_FAILED' ? undefined : error.message;
        renderPage(req, res, linked, { status: 400, problem: { form, fields, message, values } });
        return;
      }
      if (CONFLICT_CODES.has(error.code)) {
        renderPage(req, res, await openLink(req, res), { status: 409, alert: error.message });
        return;
      }
      throw error;
    }
  };

  router.get('/:token', async (req, res) => {
    const linked = await openLink(req, res);
    const done =
      typeof req.query.done === 'string' && req.query.done in DONE_NOTICES_VI
        ? (req.query.done as DoneNotice)
        : undefined;
    renderPage(req, res, linked, { done });
  });

  router.post('/:token/answer', async (req, res) => {
    // The link, the form guard (carried in the form's action for this reason) and the link's upload
    // slot are all checked before a byte of the upload is read (issue 14, finding 6).
    const linked = await openLink(req, res);
    let release: () => void;
    try {
      verifyFormGuard(req, ctx.config.LINK_SECRET, linked.tokenHash, req.query.csrf);
      release = uploadSlots.take(linked.tokenHash);
    } catch (error) {
      res.set('Connection', 'close'); // stop receiving the body we will not read
      throw error;
    }
    res.once('close', release);
    try {
      const uploadError = await new Promise<unknown>((resolve) => attachmentUpload()(req, res, resolve));
      if (uploadError && !(uploadError instanceof AppError && uploadError.status === 400)) throw uploadError;
      await runAction(req, res, 'answer', linked, async () => {
        if (uploadError) throw uploadError; // too large, too many: the form again, with what was typed
        return submitAnswer(ctx, linked, { ...(req.body as object) }, receivedFiles(req.files));
      });
    } finally {
      release();
    }
  });

  router.post('/:token/transfer', forms, async (req, res) => {
    const linked = await openLink(req, res);
    await runAction(req, res, 'transfer', linked, () => requestTransfer(ctx, linked, req.body));
  });

  router.post('/:token/extension', forms, async (req, res) => {
    const linked = await openLink(req, res);
    await runAction(req, res, 'extension', linked, () => requestExtension(ctx, linked, req.body));
  });

  router.post('/:token/citizen-info', forms, async (req, res) => {
    const linked = await openLink(req, res);
    await runAction(req, res, 'citizen', linked, () => askCitizen(ctx, linked, req.body));
  });

  router.get('/:token/attachments/:attachmentId', async (req, res) => {
    const linked = await openLink(req, res);
    const file = findAttachment(linked.ticket, String(req.params.attachmentId ?? ''));
    recordRequestEvent(ctx, req, unitActor(linked), {
      kind: 'download',
      ticket: ticketRef(linked.ticket),
      target: file.id,
    });
    await sendAttachment(res, linked.ticketId, file);
  });

  return router;
}
