import express, { Router, type Request, type Response } from 'express';
import { API_TOKEN_SCOPES, STAFF_ROLES } from '../../shared/db/models/staff.model.js';
import { AppError } from '../../shared/errors/app-error.js';
import { listStaff } from '../../shared/staff/staff-accounts.js';
import {
  addStaffAccount,
  disableStaffAccount,
  enableStaffAccount,
  issueStaffToken,
  revokeStaffTokens,
  revokeTokenByPrefix,
  type NewSecret,
  type StaffAdminDeps,
} from '../../shared/staff/staff-admin-actions.js';
import type { AppContext } from '../app-context.js';
import type { AdminRender } from './admin-render.js';
import { checkAdminCsrf, requireAdminSession } from './admin-session.js';

const ROLE_LABELS_VI: Record<(typeof STAFF_ROLES)[number], string> = {
  operator: 'Điện thoại viên (ghi nhận cuộc gọi)',
  chief: 'Chánh Văn phòng (bảng theo dõi)',
  reviewer: 'Người xem xét phản ánh về công vụ',
  admin: 'Quản trị hệ thống',
};

const SCOPE_LABELS_VI: Record<(typeof API_TOKEN_SCOPES)[number], string> = {
  intake: 'Ghi nhận cuộc gọi (intake)',
  read: 'Đọc phiếu (read)',
};

/**
 * `/admin/staff`: the staff accounts and API tokens the `npm run staff` CLI manages, as forms. A new
 * token's secret is in the response to the form that created it and nowhere else (never in a log,
 * an event or a later page; the page is `no-store`). Admins only, CSRF-checked like every admin form.
 */
export function staffPagesRouter(ctx: AppContext, render: AdminRender): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 });

  const show = async (req: Request, res: Response, extra: object = {}, status = 200): Promise<void> => {
    const staff = await listStaff();
    render(
      req,
      res,
      'admin-staff.njk',
      {
        accounts: staff.map((member) => ({
          ...member,
          roleLabel: ROLE_LABELS_VI[member.role as keyof typeof ROLE_LABELS_VI] ?? member.role,
          live: member.tokens.filter((token) => !token.revokedAt).length,
        })),
        roles: STAFF_ROLES.map((code) => ({ code, label: ROLE_LABELS_VI[code] })),
        scopes: API_TOKEN_SCOPES.map((code) => ({ code, label: SCOPE_LABELS_VI[code] })),
        now: ctx.clock(),
        ...extra,
      },
      status,
    );
  };

  router.get('/', async (req, res) => show(req, res));

  /** One staff action: on success the page with its notice (or the new secret), refused the page with the reason. */
  const action = (
    path: string,
    run: (deps: StaffAdminDeps, req: Request) => Promise<string | NewSecret>,
  ): void => {
    router.post(path, form, async (req, res) => {
      const session = requireAdminSession(res);
      checkAdminCsrf(req, session);
      const deps: StaffAdminDeps = {
        log: ctx.log,
        now: ctx.clock(),
        actor: {
          id: session.staff.id,
          name: session.staff.name,
          role: session.staff.role,
          ip: req.ip ?? 'unknown',
        },
      };
      try {
        const outcome = await run(deps, req);
        await show(req, res, typeof outcome === 'string' ? { notice: outcome } : { secret: outcome });
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 400) throw error;
        await show(req, res, { error: error.message, values: req.body, formAction: req.path }, 400);
      }
    });
  };

  const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;
  const id = (req: Request) => String(req.params.id);
  action('/', (deps, req) => addStaffAccount(deps, body(req)));
  action('/revoke-prefix', (deps, req) => revokeTokenByPrefix(deps, body(req)));
  action('/:id/token', (deps, req) => issueStaffToken(deps, id(req), body(req)));
  action('/:id/revoke', (deps, req) => revokeStaffTokens(deps, id(req)));
  action('/:id/disable', (deps, req) => disableStaffAccount(deps, id(req)));
  action('/:id/enable', (deps, req) => enableStaffAccount(deps, id(req)));
  return router;
}
