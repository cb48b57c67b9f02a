import express, { Router, type Request } from 'express';
import { deriveStatutoryYearSchedule } from '../../shared/calendar/derive-statutory-year-schedule.js';
import { isSupportedYear } from '../../shared/calendar/supported-years.js';
import { AppError } from '../../shared/errors/app-error.js';
import { changeOrganisation, restoreOrganisationVersion, type EditableOrganisation } from '../../shared/organisation/edit-organisation.js';
import {
  addCategory,
  addDayOff,
  addMakeUpDay,
  editCategory,
  editOfficial,
  editUnit,
  removeCalendarEntry,
} from '../../shared/organisation/organisation-edits.js';
import { listVersions } from '../../shared/organisation/organisation-store.js';
import { importYearSchedule } from '../../shared/organisation/calendar-import.js';
import { addProcedure, editProcedure, removeProcedure } from '../../shared/organisation/procedure-edits.js';
import {
  addEscalationLevel,
  editEscalation,
  editReplySpans,
  removeCategorySpan,
  removeLastEscalationLevel,
  setCategorySpan,
} from '../../shared/organisation/sla-policy-edits.js';
import type { AppContext } from '../app-context.js';
import { adminPageGuard } from './admin-guard.js';
import { adminRenderer } from './admin-render.js';
import { checkAdminCsrf, requireAdminSession } from './admin-session.js';
import { calendarImportUpload } from './calendar-import-upload.js';
import { slaPageModel } from './sla-page-model.js';
import { staffPagesRouter } from './staff-pages.router.js';

const ROLE_LABELS: Record<string, string> = {
  officeChief: 'Theo dõi Tổng đài 1022, nhận thư báo quá hạn cấp 1 và bản tổng hợp hằng ngày',
  conductReviewer: 'Xem xét phản ánh về thái độ, hành vi công chức và thủ tục hành chính (người được Giám đốc giao)',
  director: 'Nhận thư báo quá hạn cấp cuối',
};

/**
 * `/admin`: the Department administrator's pages (admins only, logged in by the e-mailed link).
 * Each form changes one thing; the change becomes a new organisation version (who, when, what),
 * validated as strictly as the files in config/, in force for new work at once in every process.
 * A refused change re-renders the page with the Vietnamese reason (400) and saves nothing.
 */
export function adminPagesRouter(ctx: AppContext): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 50 });
  router.use(...adminPageGuard(ctx));

  const render = adminRenderer(ctx);

  const pages: Record<string, (req: Request) => Promise<{ template: string; model: object }>> = {
    '/': async () => ({ template: 'admin-home.njk', model: { versions: (await listVersions(5)) } }),
    '/units': async () => ({ template: 'admin-units.njk', model: {} }),
    '/categories': async () => ({
      template: 'admin-categories.njk',
      model: {
        rows: ctx.domain.table.categories.map((category) => ({
          ...category,
          unit: ctx.domain.table.units.find((unit) => unit.categories.includes(category.code))?.code ?? '',
        })),
      },
    }),
    '/officials': async () => ({
      template: 'admin-officials.njk',
      model: {
        roles: (['officeChief', 'conductReviewer', 'director'] as const).map((role) => ({
          role,
          does: ROLE_LABELS[role],
          ...ctx.domain.table.officials[role],
        })),
      },
    }),
    '/procedures': async () => ({ template: 'admin-procedures.njk', model: {} }),
    '/sla': async () => ({ template: 'admin-sla.njk', model: slaPageModel(ctx.domain) }),
    '/calendar': async (req) => ({ template: 'admin-calendar.njk', model: calendarModel(ctx, req) }),
    '/history': async () => ({ template: 'admin-history.njk', model: { versions: await listVersions(100) } }),
  };

  for (const [path, build] of Object.entries(pages)) {
    router.get(path, async (req, res) => {
      const { template, model } = await build(req);
      render(req, res, template, model);
    });
  }

  /** One change: applied as a new version, then back to the page; refused, the page again with the reason. */
  const post = (
    path: string,
    page: string,
    edit: (req: Request) => (draft: EditableOrganisation) => string[],
    back: (req: Request) => string = () => `/admin${page === '/' ? '' : page}`,
    parse: express.RequestHandler = form,
  ): void => {
    router.post(path, parse, async (req, res) => {
      const session = requireAdminSession(res);
      checkAdminCsrf(req, session);
      try {
        await changeOrganisation(ctx.domain, { email: session.staff.email, name: session.staff.name }, ctx.clock(), edit(req));
        res.redirect(303, `${back(req)}${back(req).includes('?') ? '&' : '?'}saved=1`);
      } catch (error) {
        if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error;
        const { template, model } = await pages[page]!(req);
        render(req, res, template, { ...model, error: error.message, values: req.body, formAction: req.path }, error.status);
      }
    });
  };

  const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;
  const yearOf = (req: Request) => Number(req.params.year);
  post('/units/:code', '/units', (req) => (draft) => editUnit(draft, String(req.params.code), body(req)));
  post('/categories', '/categories', (req) => (draft) => addCategory(draft, body(req)));
  post('/categories/:code', '/categories', (req) => (draft) => editCategory(draft, String(req.params.code), body(req)));
  post('/officials/:role', '/officials', (req) => (draft) => editOfficial(draft, String(req.params.role), body(req)));
  const calendarBack = (req: Request) => `/admin/calendar?year=${yearOf(req)}`;
  post('/calendar/:year/days-off', '/calendar', (req) => (draft) => addDayOff(draft, yearOf(req), body(req)), calendarBack);
  post('/calendar/:year/make-up-days', '/calendar', (req) => (draft) => addMakeUpDay(draft, yearOf(req), body(req)), calendarBack);
  post('/calendar/:year/remove', '/calendar', (req) => (draft) => removeCalendarEntry(draft, yearOf(req), body(req)), calendarBack);

  post('/procedures', '/procedures', (req) => (draft) => addProcedure(draft, body(req)));
  post('/procedures/:code', '/procedures', (req) => (draft) => editProcedure(draft, String(req.params.code), body(req)));
  post('/procedures/:code/remove', '/procedures', (req) => (draft) => removeProcedure(draft, String(req.params.code)));
  post('/sla/spans', '/sla', (req) => (draft) => editReplySpans(draft, body(req)));
  post('/sla/categories', '/sla', (req) => (draft) => setCategorySpan(draft, body(req)));
  post('/sla/categories/:code/remove', '/sla', (req) => (draft) => removeCategorySpan(draft, String(req.params.code)));
  post('/sla/escalation', '/sla', (req) => (draft) => editEscalation(draft, body(req)));
  post('/sla/escalation/add', '/sla', (req) => (draft) => addEscalationLevel(draft, body(req)));
  post('/sla/escalation/remove-last', '/sla', () => (draft) => removeLastEscalationLevel(draft));
  // The import form is multipart (a file may come with it); the rest is the same change-as-a-version path.
  post(
    '/calendar/:year/import',
    '/calendar',
    (req) => (draft) => importYearSchedule(draft, yearOf(req), body(req), req.file?.buffer.toString('utf8')),
    calendarBack,
    calendarImportUpload(),
  );

  router.use('/staff', staffPagesRouter(ctx, render));

  router.post('/history/:version/restore', form, async (req, res) => {
    const session = requireAdminSession(res);
    checkAdminCsrf(req, session);
    try {
      const version = Number(req.params.version);
      if (!Number.isInteger(version) || version < 1) throw new AppError(404, 'NOT_FOUND');
      await restoreOrganisationVersion(ctx.domain, { email: session.staff.email, name: session.staff.name }, ctx.clock(), version);
      res.redirect(303, '/admin/history?saved=1');
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error;
      render(req, res, 'admin-history.njk', { versions: await listVersions(100), error: error.message }, error.status);
    }
  });
  return router;
}

/** The year shown (from `?year=` or the form that was refused, else this year): official, or derived with a note. */
function calendarModel(ctx: AppContext, req: Request) {
  const asked = Number(req.params.year ?? req.query.year);
  const thisYear = ctx.clock().getUTCFullYear();
  const year = Number.isInteger(asked) && isSupportedYear(asked) ? asked : thisYear;
  const official = ctx.domain.officialYears.get(year);
  const schedule = official ?? deriveStatutoryYearSchedule(year);
  return {
    year,
    official: Boolean(official),
    schedule,
    years: [...ctx.domain.officialYears.keys()],
  };
}
