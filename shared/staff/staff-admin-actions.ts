import { z } from 'zod';
import {
  API_TOKEN_SCOPES,
  STAFF_ROLES,
  type ApiTokenScope,
  type StaffRole,
} from '../db/models/staff.model.js';
import { AppError } from '../errors/app-error.js';
import { cleanSingleLineText } from '../text/clean-text.js';
import { TOKEN_PREFIX_LENGTH, type TokenOptions } from './api-tokens.js';
import { findStaffById, StaffExistsError } from './staff-accounts.js';
import {
  addAccount,
  issueToken,
  lockAccount,
  revokeAccountTokens,
  revokeTokensByPrefix,
  unlockAccount,
  type StaffChangeDeps,
} from './staff-changes.js';
import { parseExpiresIn } from './token-expiry.js';

/**
 * What `npm run staff` does, for the `/admin/staff` page: add an account (with its first token),
 * issue another token (expiry, scopes), revoke tokens, lock and unlock an account. Each form is
 * checked with a Vietnamese message naming the field (nothing changes when it is refused), and each
 * change is a staff event with the administrator as actor. A new token's secret is returned once,
 * for the page to show; it is never stored, logged or put in an event (events carry the prefix).
 */

type Form = Record<string, unknown>;

export type StaffAdminDeps = StaffChangeDeps;

export interface NewSecret {
  token: string;
  prefix: string;
  email: string;
  scopes: readonly ApiTokenScope[];
  expiresAt?: Date;
}

function refuse(field: string, message: string): never {
  throw new AppError(400, 'VALIDATION_FAILED', { message, details: [{ path: field, message }] });
}

const str = (form: Form, field: string): string =>
  typeof form[field] === 'string' ? cleanSingleLineText(form[field].slice(0, 2000)) : '';

const Email = z.email().max(254);

/** Expiry ("90d", "12h", "30m"; empty: never) and scopes (checkboxes; none ticked: refused). */
export function tokenOptionsFrom(form: Form, now: Date): TokenOptions {
  const options: TokenOptions = {};
  const expiresIn = str(form, 'expiresIn');
  if (expiresIn) {
    const ms = parseExpiresIn(expiresIn);
    if (ms === undefined)
      refuse(
        'expiresIn',
        'Thời hạn của mã cần dạng số + d (ngày), h (giờ) hoặc m (phút), ví dụ 90d; để trống nếu không hết hạn.',
      );
    options.expiresAt = new Date(now.getTime() + ms);
  }
  const raw = form.scope;
  const scopes = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (s): s is string => typeof s === 'string',
  );
  const known = new Set<string>(API_TOKEN_SCOPES);
  if (scopes.length === 0)
    refuse('scope', 'Cần chọn ít nhất một phạm vi cho mã (ghi nhận cuộc gọi, đọc phiếu).');
  if (scopes.some((scope) => !known.has(scope)))
    refuse('scope', `Phạm vi chỉ nhận ${API_TOKEN_SCOPES.join(', ')}.`);
  const unique = [...new Set(scopes)] as ApiTokenScope[];
  // Both ticked is the CLI's default (no --scope): stored as "every scope", as the CLI stores it.
  if (unique.length < API_TOKEN_SCOPES.length) options.scopes = unique;
  return options;
}

function secretOf(
  issued: { token: string; prefix: string },
  email: string,
  options: TokenOptions,
): NewSecret {
  return {
    token: issued.token,
    prefix: issued.prefix,
    email,
    scopes: options.scopes ?? API_TOKEN_SCOPES,
    ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}),
  };
}

async function staffOf(staffId: string) {
  const staff = /^[a-f0-9]{24}$/.test(staffId) ? await findStaffById(staffId) : null;
  if (!staff) throw new AppError(404, 'NOT_FOUND');
  return staff;
}

/** A new account with its first API token (`add`). */
export async function addStaffAccount(deps: StaffAdminDeps, form: Form): Promise<NewSecret> {
  const role = str(form, 'role');
  if (!(STAFF_ROLES as readonly string[]).includes(role)) refuse('role', 'Cần chọn vai trò của tài khoản.');
  const name = str(form, 'name');
  if (name.length < 2 || name.length > 200) refuse('name', 'Cần nhập họ tên (2–200 ký tự).');
  const email = Email.safeParse(str(form, 'email').toLowerCase());
  if (!email.success)
    refuse('email', 'Địa chỉ thư điện tử không hợp lệ (ví dụ: nguyenvana@dongthap.gov.vn).');
  const options = tokenOptionsFrom(form, deps.now);
  try {
    const created = await addAccount(deps, { name, email: email.data, role: role as StaffRole }, options);
    return secretOf(created, email.data, options);
  } catch (error) {
    if (error instanceof StaffExistsError) refuse('email', `Đã có tài khoản với địa chỉ ${email.data}.`);
    throw error;
  }
}

/** Another API token for an account (`token`). */
export async function issueStaffToken(deps: StaffAdminDeps, staffId: string, form: Form): Promise<NewSecret> {
  const staff = await staffOf(staffId);
  if (staff.disabledAt)
    refuse('form', `Tài khoản ${staff.email} đang bị khóa: hãy mở khóa trước khi cấp mã.`);
  const options = tokenOptionsFrom(form, deps.now);
  return secretOf(await issueToken(deps, staff, options), staff.email, options);
}

/** Every token of an account, and its page sessions (`revoke --email`). */
export async function revokeStaffTokens(deps: StaffAdminDeps, staffId: string): Promise<string> {
  const staff = await staffOf(staffId);
  const { revoked, sessions } = await revokeAccountTokens(deps, staff);
  return `Đã thu hồi ${revoked} mã truy cập và đóng ${sessions} phiên đăng nhập của ${staff.email}.`;
}

/** One token by its prefix (`revoke --token-prefix`). */
export async function revokeTokenByPrefix(deps: StaffAdminDeps, form: Form): Promise<string> {
  const prefix = str(form, 'prefix').slice(0, TOKEN_PREFIX_LENGTH);
  if (!/^hl_[A-Za-z0-9_-]{8}$/.test(prefix))
    refuse(
      'prefix',
      `Cần ${TOKEN_PREFIX_LENGTH} ký tự đầu của mã (ví dụ: hl_AbCd1234), như trong danh sách.`,
    );
  const revoked = await revokeTokensByPrefix(deps, prefix);
  if (revoked === 0) refuse('prefix', `Không có mã đang dùng nào bắt đầu bằng ${prefix}.`);
  return `Đã thu hồi mã ${prefix}…`;
}

/** Locks an account: tokens revoked, sessions and unused login links ended (`disable`). */
export async function disableStaffAccount(deps: StaffAdminDeps, staffId: string): Promise<string> {
  const staff = await staffOf(staffId);
  if (staffId === deps.actor.id) refuse('form', 'Không thể tự khóa tài khoản của chính mình.');
  if (staff.disabledAt) refuse('form', `Tài khoản ${staff.email} đã bị khóa.`);
  const { tokens, sessions } = await lockAccount(deps, staff);
  return `Đã khóa tài khoản ${staff.email}: thu hồi ${tokens} mã truy cập, đóng ${sessions} phiên đăng nhập.`;
}

/** Unlocks an account; its old tokens stay revoked (`enable`). */
export async function enableStaffAccount(deps: StaffAdminDeps, staffId: string): Promise<string> {
  const staff = await staffOf(staffId);
  if (!staff.disabledAt) refuse('form', `Tài khoản ${staff.email} không bị khóa.`);
  await unlockAccount(deps, staff);
  return `Đã mở khóa tài khoản ${staff.email}. Mã truy cập cũ vẫn bị thu hồi: hãy cấp mã mới.`;
}
