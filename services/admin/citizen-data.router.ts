import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { AppError } from '../../shared/errors/app-error.js';
import { CITIZEN_FIELDS } from '../../shared/tickets/repository/citizen-data.js';
import type { AppContext } from '../app-context.js';
import { rejectInvalidUtf8 } from '../http/utf8-body.js';
import { apiTokenGuard, currentStaff } from '../intake/auth.js';
import { toTicketView } from '../intake/ticket-view.js';
import { auditSession, checkAuditCsrf } from './audit-session.js';
import {
  anonymiseCitizenData,
  correctCitizenData,
  exportCitizenData,
  searchCitizenData,
  type CitizenExport,
} from './citizen-data-actions.js';
import { requireAuditPage } from './journal.router.js';
import { DATA_SUBJECT } from '../../shared/privacy/identity-view.js';
import type { AnonymiseResult, CitizenSearchResult } from './audit-api.views.js';

const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

const FIELD_LABELS_VI: Record<(typeof CITIZEN_FIELDS)[number], string> = {
  name: 'Họ tên',
  phone: 'Số điện thoại',
  email: 'Thư điện tử',
  address: 'Địa chỉ',
};

function sendExport(res: Response, file: CitizenExport): void {
  res.status(200).type(file.contentType).attachment(file.filename).send(file.body);
}

/**
 * Requests from a citizen about their own data (issue 16 item 4), for admins: the page
 * `/admin/citizen-data` (dashboard login) and `POST /api/v1/citizen-data/{search,export,correct,anonymise}`
 * (admin token, JSON body with `phone` or `email`).
 */
export function citizenDataRouter(ctx: AppContext): Router {
  const router = Router();
  const json = express.json({ limit: '8kb', strict: true, verify: rejectInvalidUtf8('MALFORMED_JSON') });
  const form = express.urlencoded({
    extended: false,
    limit: '8kb',
    parameterLimit: 10,
    verify: rejectInvalidUtf8('VALIDATION_FAILED'),
  });
  // Finding and exporting a person's data reads; correcting and anonymising change tickets.
  const reads = [noStore, ...apiTokenGuard(ctx, 'read', 'admin'), json];
  const changes = [noStore, ...apiTokenGuard(ctx, 'intake', 'admin'), json];

  router.post('/api/v1/citizen-data/search', ...reads, async (req, res) => {
    const { key, tickets } = await searchCitizenData(ctx, req, currentStaff(res), req.body);
    res.json({
      person: key,
      items: tickets.map((ticket) => toTicketView(ticket, ctx.domain, DATA_SUBJECT)),
    } satisfies CitizenSearchResult);
  });
  router.post('/api/v1/citizen-data/export', ...reads, async (req, res) => {
    sendExport(res, await exportCitizenData(ctx, req, currentStaff(res), req.body));
  });
  router.post('/api/v1/citizen-data/correct', ...changes, async (req, res) => {
    const ticket = await correctCitizenData(ctx, req, currentStaff(res), req.body);
    res.json(toTicketView(ticket, ctx.domain, DATA_SUBJECT));
  });
  router.post('/api/v1/citizen-data/anonymise', ...changes, async (req, res) => {
    res.json((await anonymiseCitizenData(ctx, req, currentStaff(res), req.body)) satisfies AnonymiseResult);
  });

  // The page: a search form; its result lists the tickets with the export, correction and
  // anonymisation forms, each carrying the person's phone or e-mail in the POST body.
  const page = (req: Request, res: Response, status: number, model: Record<string, unknown>) => {
    const session = auditSession(res)!;
    res
      .status(status)
      .type('html')
      .send(
        ctx.views.render('admin-citizen-data.njk', {
          staff: session.staff,
          csrf: session.csrfToken,
          fields: CITIZEN_FIELDS.map((code) => ({ code, label: FIELD_LABELS_VI[code] })),
          ...model,
        }),
      );
  };
  const withProblem = async (req: Request, res: Response, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      if (!(error instanceof AppError) || ![400, 404, 409].includes(error.status)) throw error;
      const details = (error.details ?? []).map((detail) => detail.message).join(' ');
      const body = (req.body ?? {}) as Record<string, unknown>;
      page(req, res, error.status, {
        alert: details ? `${error.message} ${details}` : error.message,
        phone: typeof body.phone === 'string' ? body.phone.slice(0, 32) : '',
        email: typeof body.email === 'string' ? body.email.slice(0, 254) : '',
      });
    }
  };
  const pages = Router();
  pages.use(noStore, requireAuditPage);
  pages.get('/', (req, res) => page(req, res, 200, {}));
  const showResults = async (req: Request, res: Response, notice?: string) => {
    const { key, tickets } = await searchCitizenData(ctx, req, auditSession(res)!.staff, req.body);
    page(req, res, 200, {
      notice,
      searched: true,
      ...key,
      tickets: tickets.map((ticket) => toTicketView(ticket, ctx.domain, DATA_SUBJECT)),
    });
  };
  pages.post('/', form, (req, res) =>
    withProblem(req, res, async () => {
      checkAuditCsrf(req, auditSession(res)!);
      await showResults(req, res);
    }),
  );
  pages.post('/export', form, (req, res) =>
    withProblem(req, res, async () => {
      checkAuditCsrf(req, auditSession(res)!);
      sendExport(res, await exportCitizenData(ctx, req, auditSession(res)!.staff, req.body));
    }),
  );
  pages.post('/correct', form, (req, res) =>
    withProblem(req, res, async () => {
      checkAuditCsrf(req, auditSession(res)!);
      const ticket = await correctCitizenData(ctx, req, auditSession(res)!.staff, req.body);
      // Found again by the corrected value when the key itself was corrected.
      const body = req.body as Record<string, string>;
      if (body.field === 'phone' || body.field === 'email') {
        req.body = { [body.field]: ticket.citizen?.[body.field] ?? '' };
      }
      await showResults(
        req,
        res,
        `Đã sửa ${FIELD_LABELS_VI[body.field as 'name'] ?? ''} của phiếu ${ticket.code}.`,
      );
    }),
  );
  pages.post('/anonymise', form, (req, res) =>
    withProblem(req, res, async () => {
      checkAuditCsrf(req, auditSession(res)!);
      const result = await anonymiseCitizenData(ctx, req, auditSession(res)!.staff, req.body);
      page(req, res, 200, {
        notice: `Đã ẩn danh ${result.anonymised.length} phiếu${result.anonymised.length ? `: ${result.anonymised.join(', ')}` : ''}.`,
      });
    }),
  );
  router.use('/admin/citizen-data', pages);
  return router;
}
