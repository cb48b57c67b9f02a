import express, { Router, type Request, type Response } from 'express';
import { AppError } from '../../shared/errors/app-error.js';
import { CHANNELS } from '../../shared/tickets/ticket-types.js';
import { randomToken } from '../../shared/security/tokens.js';
import { MESSAGES_VI } from '../../shared/errors/messages-vi.js';
import { authenticateApiToken } from '../../shared/staff/api-tokens.js';
import { openStaffSession, revokeStaffSession } from '../../shared/staff/staff-sessions.js';
import {
  CHANNEL_LABELS_VI,
  PRIORITY_LABELS_VI,
  STATUS_LABELS_VI,
} from '../../shared/tickets/status-labels-vi.js';
import { isTicketCode } from '../../shared/tickets/ticket-code.js';
import { ANONYMOUS, recordRequestEvent, staffAsActor } from '../http/staff-event.js';
import type { AppContext } from '../app-context.js';
import { rateLimit } from '../http/rate-limit.js';
import { createTicket } from './create-ticket.js';
import { intakeDeps } from './intake-deps.js';
import {
  FIELD_LABELS_VI,
  FORM_FIELDS,
  fieldErrors,
  fieldId,
  formToTicketBody,
  formValues,
  type FormValues,
} from './operator-form.js';
import {
  checkLoginCsrf,
  checkSessionCsrf,
  clearSessionCookie,
  loadPageSession,
  loginCsrfToken,
  pageSession,
  setSessionCookie,
  type PageSession,
} from './operator-session.js';
import { recentTicketsOf, ticketsWaitingOnCitizens } from './read-tickets.js';
import { recordCitizenReply } from '../answer/record-citizen-reply.js';
import { rejectInvalidUtf8 } from '../http/utf8-body.js';

const PAGE_ROLES = new Set(['operator', 'admin']);

/**
 * `/operator`: the hotline operator's page. Log in with the API token, log a call in a few keystrokes,
 * see one's recent calls. Server-rendered, works without JavaScript; every POST carries a CSRF token.
 */
export function operatorPageRouter(ctx: AppContext): Router {
  const deps = intakeDeps(ctx);
  const router = Router();
  const form = express.urlencoded({
    extended: false,
    limit: '64kb',
    parameterLimit: 50,
    verify: rejectInvalidUtf8('VALIDATION_FAILED'),
  });
  const loginLimit = rateLimit(ctx, { name: 'operator-login', windowMs: 15 * 60_000, limit: 20 });

  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(loadPageSession(ctx.clock, ctx.config.LINK_SECRET, ctx.config.SESSION_IDLE_MINUTES * 60_000));

  const renderLogin = (req: Request, res: Response, status: number, error?: string): void => {
    res
      .status(status)
      .type('html')
      .send(
        ctx.views.render('operator-login.njk', {
          csrf: loginCsrfToken(req, res, ctx.config.LINK_SECRET),
          error,
        }),
      );
  };

  const renderHome = async (
    res: Response,
    session: PageSession,
    options: {
      status?: number;
      values?: FormValues;
      errors?: Record<string, string>;
      notice?: object;
      citizenAlert?: { code: string; message: string; reply?: string };
    } = {},
  ): Promise<void> => {
    const recent = await recentTicketsOf(session.staff, ctx.clock());
    const waiting = await ticketsWaitingOnCitizens(ctx.clock());
    const errors = options.errors ?? {};
    res
      .status(options.status ?? 200)
      .type('html')
      .send(
        ctx.views.render('operator-home.njk', {
          staff: session.staff,
          csrf: session.csrfToken,
          formId: randomToken(16),
          values: options.values ?? { channel: 'phone' },
          errors,
          // Without JavaScript, autofocus is how the cursor lands on the first field to fix.
          focusField: FORM_FIELDS.find((field) => errors[field]) ?? 'citizen.name',
          errorList: Object.entries(errors).map(([field, message]) => ({
            href: field === '_form' ? '' : `#${fieldId(field)}`,
            label: FIELD_LABELS_VI[field] ?? '',
            message,
          })),
          notice: options.notice,
          channels: CHANNELS.map((code) => ({ code, name: CHANNEL_LABELS_VI[code] })),
          categories: ctx.domain.table.categories,
          procedures: ctx.domain.table.procedures,
          citizenAlert: options.citizenAlert,
          citizenReplied: typeof (options.notice as { replied?: string } | undefined)?.replied === 'string',
          waitingCitizen: waiting.map((ticket) => ({
            code: ticket.code,
            subject: ticket.subject,
            unitName: ticket.assignment
              ? (ctx.domain.unit(ticket.assignment.unitCode)?.name ?? ticket.assignment.unitCode)
              : '',
            question: ticket.citizenRequest?.question,
            requestedAt: ticket.citizenRequest?.requestedAt,
            citizenName: ticket.citizen?.anonymous ? 'Ẩn danh' : ticket.citizen?.name,
            citizenPhone: ticket.citizen?.phone,
          })),
          recent: recent.map((ticket) => ({
            code: ticket.code,
            receivedAt: ticket.receivedAt,
            subject: ticket.subject,
            categoryName: ctx.domain.categoryName(ticket.category),
            status: ticket.status,
            statusLabel: STATUS_LABELS_VI[ticket.status as keyof typeof STATUS_LABELS_VI] ?? ticket.status,
            urgent: ticket.priority === 'urgent',
            urgentLabel: PRIORITY_LABELS_VI.urgent,
          })),
        }),
      );
  };

  router.get('/', async (req, res) => {
    const session = pageSession(res);
    if (!session) return renderLogin(req, res, 200);
    const created =
      typeof req.query.created === 'string' && isTicketCode(req.query.created) ? req.query.created : '';
    const replied =
      typeof req.query.replied === 'string' && isTicketCode(req.query.replied) ? req.query.replied : '';
    const notice = created
      ? { code: created, pending: req.query.routing === 'pending' }
      : replied
        ? { code: replied, replied }
        : undefined;
    await renderHome(res, session, { notice });
  });

  router.post('/login', loginLimit, form, async (req, res) => {
    checkLoginCsrf(req, ctx.config.LINK_SECRET);
    const token = typeof req.body?.token === 'string' ? req.body.token.trim() : '';
    const check = token ? await authenticateApiToken(token, ctx.clock()) : undefined;
    if (!check?.ok) {
      recordRequestEvent(ctx, req, ANONYMOUS, {
        kind: 'login_failed',
        data: {
          door: 'operator',
          reason: check?.reason === 'expired' ? 'token expired' : 'token unknown, revoked or account locked',
        },
      });
      const message = check?.reason === 'expired' ? MESSAGES_VI.TOKEN_EXPIRED : MESSAGES_VI.INVALID_TOKEN;
      return renderLogin(req, res, 401, message);
    }
    const staff = check.staff;
    // The page logs calls: a token issued for reading only does not open it.
    if (!staff.apiTokenScopes?.includes('intake'))
      return renderLogin(req, res, 403, MESSAGES_VI.TOKEN_SCOPE_MISSING);
    if (!PAGE_ROLES.has(staff.role)) {
      recordRequestEvent(ctx, req, staffAsActor(staff), {
        kind: 'login_failed',
        data: { door: 'operator', reason: 'not an operator account' },
      });
      return renderLogin(req, res, 403, 'Tài khoản này không phải tài khoản điện thoại viên.');
    }
    const { sessionId } = await openStaffSession(staff, ctx.clock());
    recordRequestEvent(ctx, req, staffAsActor(staff), { kind: 'login', data: { door: 'operator' } });
    setSessionCookie(req, res, sessionId);
    res.redirect(303, '/operator');
  });

  router.post('/logout', form, async (req, res) => {
    const session = pageSession(res);
    if (session) {
      checkSessionCsrf(req, session);
      await revokeStaffSession(session.sessionId, ctx.clock());
    }
    clearSessionCookie(res);
    res.redirect(303, '/operator');
  });

  router.post('/tickets', form, async (req, res) => {
    const session = pageSession(res);
    if (!session) return renderLogin(req, res, 401, 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.');
    checkSessionCsrf(req, session);
    const values = formValues(req.body);
    const formId = typeof req.body?.formId === 'string' ? req.body.formId : '';
    try {
      const result = await createTicket(deps, {
        body: formToTicketBody(values),
        staff: session.staff,
        // A double click or a resent form replays the first ticket instead of creating a second.
        ...(/^[A-Za-z0-9_-]{16,40}$/.test(formId) ? { idempotencyKey: `form-${formId}` } : {}),
      });
      res.locals.ticketCode = result.ticket.code;
      const pending = result.routing === 'pending' ? '&routing=pending' : '';
      res.redirect(303, `/operator?created=${encodeURIComponent(result.ticket.code)}${pending}`);
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error;
      const errors =
        error.status === 409
          ? {
              _form:
                'Biểu mẫu này đã được gửi trước đó với nội dung khác. Hãy kiểm tra danh sách bên dưới rồi gửi lại.',
            }
          : fieldErrors(error.details);
      await renderHome(res, session, { status: 400, values, errors });
    }
  });

  router.post('/tickets/:code/citizen-reply', form, async (req, res) => {
    const session = pageSession(res);
    if (!session) return renderLogin(req, res, 401, 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.');
    checkSessionCsrf(req, session);
    const code = String(req.params.code ?? '');
    if (!isTicketCode(code)) throw new AppError(404, 'TICKET_NOT_FOUND');
    const reply = typeof req.body?.reply === 'string' ? req.body.reply : '';
    try {
      const ticket = await recordCitizenReply(ctx, session.staff, code, { reply });
      res.locals.ticketCode = ticket.code;
      res.redirect(303, `/operator?replied=${encodeURIComponent(ticket.code)}`);
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error;
      const details = (error.details ?? []).map((detail) => detail.message).join(' ');
      await renderHome(res, session, {
        status: error.status,
        citizenAlert: { code, message: details || error.message, reply },
      });
    }
  });

  return router;
}
