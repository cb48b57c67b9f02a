/**
 * Staff accounts and API tokens from the command line (`npm run staff -- <command> ...`):
 *   add --role operator|chief|reviewer|admin --name "…" --email …   creates an account, prints its token once
 *   list                                                              accounts and token prefixes
 *   token --email …                                                   issues another token
 * `add` and `token` take `--expires-in 90d` (d, h or m; default: never expires) and `--scope intake,read`
 * (default: both; `intake` logs calls, `read` reads tickets).
 *   revoke --email …  |  revoke --token-prefix hl_xxxxxxxx            revokes tokens (by e-mail: and page sessions)
 *   disable --email …  |  enable --email …                           locks (revoking its tokens) or unlocks an account
 * Add `--json` for machine-readable output. Reaches MongoDB at MONGODB_URI, else the embedded server
 * that `npm start` is running (its address is in <DATA_DIR>/mongo-uri).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { userInfo } from 'node:os';
import { z } from 'zod';
import { cleanSingleLineText } from '../shared/text/clean-text.js';
import type { StaffEventActor } from '../shared/audit/staff-events.js';
import { config } from '../config/env.js';
import { connectDatabase } from '../shared/db/connection.js';
import { API_TOKEN_SCOPES, STAFF_ROLES, type ApiTokenScope } from '../shared/db/models/staff.model.js';
import { embeddedUriFile } from '../shared/db/mongo-ladder.js';
import { TOKEN_PREFIX_LENGTH, type TokenOptions } from '../shared/staff/api-tokens.js';
import { parseExpiresIn } from '../shared/staff/token-expiry.js';
import { findStaffByEmail, listStaff, StaffExistsError } from '../shared/staff/staff-accounts.js';
import {
  addAccount,
  issueToken,
  lockAccount,
  revokeAccountTokens,
  revokeTokensByPrefix,
  unlockAccount,
  type StaffChangeDeps,
} from '../shared/staff/staff-changes.js';

class UsageError extends Error {}

const USAGE = `Cách dùng / usage:
  npm run staff -- add --role operator --name "Nguyễn Văn A" --email a@example.gov.vn
  npm run staff -- list
  npm run staff -- token --email a@example.gov.vn [--expires-in 90d] [--scope intake|read|intake,read]
  npm run staff -- revoke --email a@example.gov.vn
  npm run staff -- revoke --token-prefix hl_xxxxxxxx
  npm run staff -- disable --email a@example.gov.vn      (khóa tài khoản / lock the account)
  npm run staff -- enable --email a@example.gov.vn
Vai trò (--role): ${STAFF_ROLES.join(', ')}. Thêm --json để in JSON.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    role: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    'token-prefix': { type: 'string' },
    'expires-in': { type: 'string' },
    scope: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const Email = z.email().max(254);
const NewStaffArgs = z.object({
  role: z.enum(STAFF_ROLES),
  // NFC, no control or format characters (U+202E would make a name read backwards in the log of events).
  name: z.string().max(800).transform(cleanSingleLineText).pipe(z.string().min(2).max(200)),
  email: Email,
});

/** Changes made here are staff events too (issue 14); the actor is the shell user running the CLI. */
function cliChange(): StaffChangeDeps {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers): keep `unknown`
  }
  const actor: StaffEventActor = { name: `CLI: ${user}`, role: 'cli', ip: 'cli' };
  return {
    log: { warn: (message, meta) => process.stderr.write(`WARN ${message} ${JSON.stringify(meta ?? {})}\n`) },
    actor,
    now: new Date(),
  };
}

/** `--expires-in 90d` / `12h` / `30m` and `--scope intake,read`, as the token's options. */
function tokenOptions(now: Date): TokenOptions {
  const options: TokenOptions = {};
  const expiresIn = values['expires-in'];
  if (expiresIn !== undefined) {
    const ms = parseExpiresIn(expiresIn);
    if (ms === undefined) {
      throw new UsageError('--expires-in cần dạng số + đơn vị d (ngày), h (giờ) hoặc m (phút), ví dụ 90d.');
    }
    options.expiresAt = new Date(now.getTime() + ms);
  }
  if (values.scope !== undefined) {
    const scopes = values.scope.split(',').map((scope) => scope.trim());
    const known = new Set<string>(API_TOKEN_SCOPES);
    if (scopes.length === 0 || scopes.some((scope) => !known.has(scope))) {
      throw new UsageError(`--scope chỉ nhận ${API_TOKEN_SCOPES.join(', ')} (phân cách bằng dấu phẩy).`);
    }
    options.scopes = scopes as ApiTokenScope[];
  }
  return options;
}

function describeToken(options: TokenOptions): string {
  const scopes = (options.scopes ?? API_TOKEN_SCOPES).join(', ');
  const expiry = options.expiresAt ? `hết hạn ${options.expiresAt.toISOString()}` : 'không hết hạn';
  return `Phạm vi / scope: ${scopes}; ${expiry} / ${options.expiresAt ? `expires ${options.expiresAt.toISOString()}` : 'never expires'}.`;
}

function output(json: object, text: string): void {
  process.stdout.write(values.json ? `${JSON.stringify(json)}\n` : `${text}\n`);
}

/** MONGODB_URI, else the running embedded server's address; the embedded database is named `hotline`. */
function databaseTarget(): { uri: string; dbName?: string } {
  const settings = config();
  if (settings.MONGODB_URI) return { uri: settings.MONGODB_URI };
  const file = embeddedUriFile(settings.DATA_DIR);
  if (existsSync(file)) return { uri: readFileSync(file, 'utf8').trim(), dbName: 'hotline' };
  throw new UsageError(
    `Không tìm thấy cơ sở dữ liệu: chưa đặt MONGODB_URI và không có ${file}.\n` +
      'Hãy chạy `npm start` trước (ở một cửa sổ khác), hoặc đặt MONGODB_URI. ' +
      '/ No database: start `npm start` first, or set MONGODB_URI.',
  );
}

async function connect(): Promise<void> {
  const target = databaseTarget();
  try {
    await connectDatabase(target.uri, target.dbName);
    await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
  } catch (error) {
    throw new UsageError(
      'Không kết nối được MongoDB. Hãy chạy `npm start` trước, hoặc đặt MONGODB_URI đúng. ' +
        `/ Cannot reach MongoDB: start \`npm start\` first or set MONGODB_URI. (${(error as Error).message})`,
    );
  }
}

async function add(): Promise<void> {
  const parsed = NewStaffArgs.safeParse({
    role: values.role,
    name: values.name,
    email: values.email?.trim().toLowerCase(),
  });
  if (!parsed.success) {
    throw new UsageError(
      `Thiếu hoặc sai tham số: ${parsed.error.issues.map((i) => `--${i.path.join('.')}`).join(', ')}`,
    );
  }
  const change = cliChange();
  const options = tokenOptions(change.now);
  const created = await addAccount(change, parsed.data, options);
  output(
    {
      email: parsed.data.email,
      role: parsed.data.role,
      token: created.token,
      prefix: created.prefix,
      scopes: options.scopes ?? API_TOKEN_SCOPES,
      expiresAt: options.expiresAt?.toISOString() ?? null,
    },
    `Đã tạo tài khoản ${parsed.data.email} (${parsed.data.role}). ${describeToken(options)}\n` +
      'Mã truy cập API (chỉ hiển thị một lần, hãy lưu lại) / API token, shown once:\n' +
      `${created.token}`,
  );
}

async function token(): Promise<void> {
  const change = cliChange();
  const options = tokenOptions(change.now);
  const staff = await staffFromEmail();
  const issued = await issueToken(change, staff, options);
  output(
    {
      email: staff.email,
      token: issued.token,
      prefix: issued.prefix,
      scopes: options.scopes ?? API_TOKEN_SCOPES,
      expiresAt: options.expiresAt?.toISOString() ?? null,
    },
    `Mã truy cập API mới cho ${staff.email} (chỉ hiển thị một lần). ${describeToken(options)}\n` +
      `New API token, shown once:\n${issued.token}`,
  );
}

async function staffFromEmail() {
  const email = Email.safeParse(values.email?.trim().toLowerCase());
  if (!email.success) throw new UsageError('Cần --email hợp lệ.');
  const staff = await findStaffByEmail(email.data);
  if (!staff) throw new UsageError(`Không có tài khoản ${email.data}.`);
  return staff;
}

async function revoke(): Promise<void> {
  const change = cliChange();
  let revoked: number;
  if (values.email) {
    const staff = await staffFromEmail();
    const { revoked, sessions } = await revokeAccountTokens(change, staff);
    output(
      { revoked, sessions },
      `Đã thu hồi ${revoked} mã truy cập và đóng ${sessions} phiên đăng nhập. / Revoked ${revoked} token(s), ended ${sessions} session(s).`,
    );
    return;
  } else if (values['token-prefix']) {
    const given = values['token-prefix'].trim();
    if (given.length < TOKEN_PREFIX_LENGTH) {
      throw new UsageError(
        `--token-prefix cần ít nhất ${TOKEN_PREFIX_LENGTH} ký tự đầu của mã (như trong \`list\`).`,
      );
    }
    revoked = await revokeTokensByPrefix(change, given.slice(0, TOKEN_PREFIX_LENGTH));
  } else {
    throw new UsageError('Cần --email hoặc --token-prefix.');
  }
  output({ revoked }, `Đã thu hồi ${revoked} mã truy cập. / Revoked ${revoked} token(s).`);
}

async function list(): Promise<void> {
  const staff = await listStaff();
  const lines = staff.map((member) => {
    const tokens = member.tokens
      .map(
        (t) =>
          `${t.prefix}…${t.revokedAt ? ' (đã thu hồi)' : ''}${t.scopes ? ` phạm vi ${t.scopes.join('+')}` : ''}${t.expiresAt ? ` hết hạn ${t.expiresAt.toISOString()}` : ''}${t.lastUsedAt ? ` dùng lần cuối ${t.lastUsedAt.toISOString()}` : ''}`,
      )
      .join(', ');
    return `${member.email}\t${member.role}\t${member.name}${member.disabled ? '\t(đã khóa)' : ''}\t${tokens || '(không có mã)'}`;
  });
  output({ staff }, lines.length > 0 ? lines.join('\n') : 'Chưa có tài khoản nào.');
}

async function disable(): Promise<void> {
  const staff = await staffFromEmail();
  const { tokens, sessions } = await lockAccount(cliChange(), staff);
  output(
    { email: staff.email, disabled: true, tokens, sessions },
    `Đã khóa tài khoản ${staff.email}: thu hồi ${tokens} mã truy cập, đóng ${sessions} phiên đăng nhập. / Account locked.`,
  );
}

async function enable(): Promise<void> {
  const staff = await staffFromEmail();
  await unlockAccount(cliChange(), staff);
  output(
    { email: staff.email, disabled: false },
    `Đã mở khóa tài khoản ${staff.email}. Mã truy cập cũ đã bị thu hồi: cấp mã mới bằng \`token --email\`. / Account unlocked; issue a new token.`,
  );
}

const COMMANDS: Record<string, () => Promise<void>> = { add, list, token, revoke, disable, enable };

async function main(): Promise<number> {
  const command = COMMANDS[positionals[0] ?? ''];
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  try {
    await connect();
    await command();
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof StaffExistsError) {
      process.stderr.write(
        `${error instanceof StaffExistsError ? `Đã có tài khoản với e-mail này. / ${error.message}` : error.message}\n`,
      );
      return 1;
    }
    throw error;
  } finally {
    await mongoose.disconnect().catch(() => undefined);
  }
}

process.exitCode = await main();
