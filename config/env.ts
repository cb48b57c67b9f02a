import { isHashTagged, parseRedisUrl } from './redis-url.js';
import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Every setting the service reads, validated once at start-up. Nothing else reads `process.env`.
 * Each key documents its unit and default; the README table mirrors this file.
 */
const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url().optional())
  .optional();

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const TRUST_PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (TRUST_PROXY_PRESETS.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
  return bits >= 0 && bits <= (family === 4 ? 32 : 128);
}

/** `false`, a hop count (0–10) or explicit proxy addresses; see TRUST_PROXY. */
export function isTrustProxySetting(value: string): boolean {
  if (value === 'false' || /^(?:10|\d)$/.test(value)) return true;
  const entries = value.split(',').map((entry) => entry.trim());
  return entries.length > 0 && entries.every(isProxyAddress);
}

export const EnvSchema = z.object({
  /** `development` | `test` | `production`. Production refuses every embedded default. Default `development`. */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** HTTP port. Default 3000. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /**
   * Address the HTTP port listens on (`0.0.0.0` or `::` for every interface). Default: `127.0.0.1`
   * outside production, so a laptop's `npm start` (with /dev/mail and the bootstrap admin's fixed
   * address) is not reachable from the office network; every interface in production.
   */
  LISTEN_ADDRESS: optionalString.pipe(
    z
      .string()
      .refine((value) => isIP(value) !== 0, 'must be an IP address, e.g. 127.0.0.1 or 0.0.0.0')
      .optional(),
  ),
  /** Base URL that links in e-mails point to, without a trailing slash. Default `http://localhost:3000`. */
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  /** MongoDB connection string. Unset: the embedded ladder (real `mongod`, else the offline stand-in). Required in production. */
  MONGODB_URI: optionalString.pipe(
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
  ),
  /** Path to a `mongod` binary for the embedded ladder. Default: look on PATH. */
  MONGOMS_SYSTEM_BINARY: optionalString,
  /** Whether the embedded ladder may download a `mongod` (needs the internet). Default true. */
  MONGOMS_RUNTIME_DOWNLOAD: booleanFlag.default(true),
  /** Redis: one server, `redis+sentinel://…/<master>` or `redis+cluster://…` (see parseRedisUrl). Default `redis://127.0.0.1:6379`. */
  REDIS_URL: z
    .string()
    .trim()
    .superRefine((value, issue) => {
      try {
        parseRedisUrl(value);
      } catch (error) {
        issue.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .default('redis://127.0.0.1:6379'),
  /** BullMQ key prefix; use a hash tag such as `{hotline}` on Redis Cluster. Default `hotline`. */
  QUEUE_PREFIX: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[\w:{}.-]+$/, 'letters, digits and : { } . - _ only')
    .default('hotline'),
  /** SMTP URL (`smtp://user:pass@host:port`). Unset: an embedded mail catcher in development. Required in production. */
  SMTP_URL: optionalUrl,
  /** Sender of every e-mail. Default `Tổng đài 1022 <no-reply@example.gov.vn>`. */
  MAIL_FROM: z.string().trim().min(3).default('Tổng đài 1022 <no-reply@example.gov.vn>'),
  /**
   * Base of the per-assignment reply addresses (`tra-loi@so-vhttdl.example.gov.vn` gives
   * `tra-loi+<token>@so-vhttdl.example.gov.vn`); the mailbox IMAP_URL reads must receive them.
   * Unset: e-mails to units carry no Reply-To and replies are not read. Default: none.
   */
  MAIL_REPLY_ADDRESS: optionalString.pipe(
    z
      .email()
      .refine(
        (value) => !value.slice(0, value.lastIndexOf('@')).includes('+'),
        'must not contain + (the token goes there)',
      )
      .optional(),
  ),
  /** Mailbox that units' replies arrive in: `imaps://user:pass@host:993` (TLS) or `imap://…:143` (STARTTLS; required in production). Default: none (replies not read). */
  IMAP_URL: optionalString.pipe(z.url({ protocol: /^imaps?$/ }).optional()),
  /** Folder of IMAP_URL's account holding new replies. Default `INBOX`. */
  IMAP_MAILBOX: z.string().trim().min(1).max(200).default('INBOX'),
  /** Folder replies are moved to once recorded as answers (created if missing). Default `Processed`. */
  IMAP_PROCESSED_FOLDER: z.string().trim().min(1).max(200).default('Processed'),
  /** Folder for replies a person should look at: refused, auto-replies, bounces (created if missing). Default `Review`. */
  IMAP_REVIEW_FOLDER: z.string().trim().min(1).max(200).default('Review'),
  /** Seconds between mailbox checks when the server has no IDLE (with IDLE: the longest wait between checks). Default 60. */
  IMAP_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Address that receives operator-side notices (answers ready for call-back). Default `operators@example.gov.vn`. */
  OPERATORS_EMAIL: z.email().default('operators@example.gov.vn'),
  /** winston level: error | warn | info | http | debug. Default `info` (`warn` under test). */
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).optional(),
  /** File overriding the SLA policy in `config/sla-policy.json`. Default: none. */
  POLICY_FILE: optionalString,
  /**
   * Organisation file (units, categories, procedures, role holders) seeding the first start, e.g.
   * `config/examples/departments-2020.json`; afterwards the `/admin` pages edit the copy in MongoDB.
   * Default: `config/departments.json` (the organisation in force since 1 July 2025).
   */
  DEPARTMENTS_FILE: optionalString,
  /**
   * How long a process may use the organisation version it last checked before asking MongoDB again
   * (one indexed read), in milliseconds. 0: checked before every request and job, so an `/admin` change
   * applies to the very next ticket everywhere. Default 0.
   */
  ORGANISATION_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /**
   * Destinations outside the Department a ticket can be forwarded to (communes, wards, provincial
   * bodies, with their e-mail addresses), instead of `config/destinations.json`. Default: none.
   */
  DESTINATIONS_FILE: optionalString,
  /** File overriding the privacy policy in `config/privacy-policy.json` (confidential roles, retention). Default: none. */
  PRIVACY_POLICY_FILE: optionalString,
  /** Where embedded data (mongod files, the stand-in's address) lives. Default `.data`. */
  DATA_DIR: z.string().trim().min(1).default('.data'),
  /**
   * Operator-API requests one HTTP process serves at the same time; the next gets 503 with
   * Retry-After at once (the switchboard retries with the same Idempotency-Key). Default 64.
   */
  INTAKE_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(64),
  /** Operator-API requests one API token may make per minute (Redis-backed, shared by every HTTP process); the next gets 429. Default 1200. */
  API_TOKEN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(1200),
  /**
   * Concurrency of each BullMQ worker. Default 16: routing and sending wait on MongoDB and SMTP far
   * more than they compute, and at 4 the pipeline waited on round trips (`npm run bench`, issue 21).
   */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** How often the sweeper looks for owed timers, in seconds. Default 60. */
  SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** How long a timer may be overdue before the sweeper re-enqueues it, in seconds. Default 30. */
  SWEEP_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** Seconds allowed for a graceful shutdown before the process exits anyway. Default 20. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  /** Minutes a staff page session (operator page, dashboard, queue board) may sit unused before it ends. Default 30. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(720).default(30),
  /**
   * Which reverse proxies' `X-Forwarded-For` to believe: `false`, a hop count, or a comma-separated
   * list of proxy addresses/subnets (`loopback`, `linklocal`, `uniquelocal` allowed). Never `true`:
   * it believes the leftmost address, which any client writes itself, so every rate limit is escaped.
   * Default `false`.
   */
  TRUST_PROXY: optionalString.pipe(
    z
      .string()
      .refine(isTrustProxySetting, {
        message:
          'must be false, a hop count (e.g. 1) or the addresses of your proxies (e.g. 10.0.0.5,10.0.1.0/24); ' +
          '"true" is refused because it lets any client choose its own address with X-Forwarded-For',
      })
      .optional(),
  ),
  /** Bearer token that `/metrics` requires. Unset: `/metrics` is served only to loopback clients. */
  METRICS_TOKEN: optionalString.pipe(z.string().min(16).optional()),
  /** URL of the switchboard's webhook told of answers (signed with `SWITCHBOARD_WEBHOOK_SECRET`). Default: none. */
  SWITCHBOARD_WEBHOOK_URL: optionalUrl,
  /** HMAC secret for the switchboard webhook. Required when the URL is set. */
  SWITCHBOARD_WEBHOOK_SECRET: optionalString.pipe(z.string().min(16).optional()),
  /**
   * HTTP gateway that sends SMS notices to citizens (contract in docs/citizen.md: POST JSON
   * `{ to, text, reference }`, 2xx `{ messageId }`). Default: none, and then no SMS is owed.
   */
  SMS_GATEWAY_URL: optionalUrl,
  /** Bearer token sent to the SMS gateway. Default: none (no Authorization header). */
  SMS_GATEWAY_TOKEN: optionalString,
  /** Secret that signs answer and login links (32+ characters). Required in production; a fixed development value otherwise. */
  LINK_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  /** Whether timers that fire outside office hours e-mail people at once (urgent tickets always do). Default false. */
  NOTIFY_OUTSIDE_OFFICE_HOURS: booleanFlag.default(false),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config extends Omit<
  Env,
  'LOG_LEVEL' | 'LINK_SECRET' | 'PUBLIC_BASE_URL' | 'LISTEN_ADDRESS'
> {
  PUBLIC_BASE_URL: string;
  LOG_LEVEL: NonNullable<Env['LOG_LEVEL']>;
  LINK_SECRET: string;
  /** Undefined: every interface (Node's default). */
  LISTEN_ADDRESS: string | undefined;
  isProduction: boolean;
}

// Links must survive a restart in development too, so the fallback is fixed, never used in production.
const DEVELOPMENT_LINK_SECRET = 'development-only-link-secret-change-me-0000';

export class ConfigError extends Error {}

/** What production asks of every secret: 32 bytes of entropy. */
const MIN_SECRET_BITS = 256;

/**
 * A generous estimate of a secret's entropy: its length times the bits per character of the
 * smallest usual alphabet that holds it (digits, hex, lower case, letters and digits, anything);
 * a handful of distinct characters (`aaaa…`, `abab…`) counts as none. The threshold stays well below
 * the hex alphabet's 16: a random 64-digit hex secret (`openssl rand -hex 32`) lacks one of the 16
 * digits about a quarter of the time. `openssl rand -base64 48` gives ~384.
 */
export function estimatedSecretBits(secret: string): number {
  if (new Set(secret).size < 8) return 0;
  const alphabet = /^[0-9]+$/.test(secret)
    ? 10
    : /^[0-9a-f]+$/i.test(secret)
      ? 16
      : /^[a-z]+$/.test(secret)
        ? 26
        : /^[A-Za-z0-9_-]+$/.test(secret)
          ? 64
          : 94;
  return Math.floor(secret.length * Math.log2(alphabet));
}

/** Production refuses the published development LINK_SECRET and any secret under 256 bits. */
function weakSecretProblems(env: Env): string[] {
  const problems: string[] = [];
  if (env.LINK_SECRET === DEVELOPMENT_LINK_SECRET)
    problems.push('LINK_SECRET is the published development value');
  const secrets = {
    LINK_SECRET: env.LINK_SECRET,
    METRICS_TOKEN: env.METRICS_TOKEN,
    SWITCHBOARD_WEBHOOK_SECRET: env.SWITCHBOARD_WEBHOOK_SECRET,
  };
  for (const [name, value] of Object.entries(secrets)) {
    if (value === undefined || value === DEVELOPMENT_LINK_SECRET) continue;
    const bits = estimatedSecretBits(value);
    if (bits < MIN_SECRET_BITS)
      problems.push(`${name} has about ${bits} bits of entropy, needs ${MIN_SECRET_BITS}`);
  }
  return problems;
}

/** Parses the environment; throws a ConfigError whose message is one line naming each bad variable. */
export function parseConfig(source: Record<string, string | undefined>): Config {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const env = result.data;
  if (env.NODE_ENV === 'production') {
    const missing = (['MONGODB_URI', 'SMTP_URL', 'LINK_SECRET'] as const).filter((key) => !env[key]);
    if (missing.length > 0) {
      throw new ConfigError(
        `Invalid configuration: ${missing.join(', ')} must be set when NODE_ENV=production (embedded defaults are for development only)`,
      );
    }
    const weak = weakSecretProblems(env);
    if (weak.length > 0) {
      throw new ConfigError(
        `Invalid configuration: ${weak.join('; ')} (NODE_ENV=production; make one with \`openssl rand -base64 48\`)`,
      );
    }
  }
  if (parseRedisUrl(env.REDIS_URL).kind === 'cluster' && !isHashTagged(env.QUEUE_PREFIX)) {
    throw new ConfigError(
      'Invalid configuration: QUEUE_PREFIX must be a hash tag such as {hotline} when REDIS_URL is redis+cluster://',
    );
  }
  if (env.IMAP_URL && !env.MAIL_REPLY_ADDRESS) {
    throw new ConfigError(
      'Invalid configuration: MAIL_REPLY_ADDRESS must be set when IMAP_URL is set (replies are matched by it)',
    );
  }
  if (env.SWITCHBOARD_WEBHOOK_URL && !env.SWITCHBOARD_WEBHOOK_SECRET) {
    throw new ConfigError(
      'Invalid configuration: SWITCHBOARD_WEBHOOK_SECRET must be set when SWITCHBOARD_WEBHOOK_URL is set',
    );
  }
  return {
    ...env,
    LOG_LEVEL: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'warn' : 'info'),
    LINK_SECRET: env.LINK_SECRET ?? DEVELOPMENT_LINK_SECRET,
    PUBLIC_BASE_URL: env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`,
    LISTEN_ADDRESS: env.LISTEN_ADDRESS ?? (env.NODE_ENV === 'production' ? undefined : '127.0.0.1'),
    isProduction: env.NODE_ENV === 'production',
  };
}

let cached: Config | undefined;

/** The process-wide configuration, parsed on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
