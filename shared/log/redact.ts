/**
 * Names cannot be recognised in free text, so code never writes them into messages; they are caught
 * by key (`name`, `citizen`, …) in a line's metadata. Phone numbers and e-mail addresses are also
 * scrubbed from free text.
 *
 * Keeps citizens' personal data and ticket text out of log lines. Logs carry ticket codes, never
 * names, phone numbers, e-mail addresses, content, or the secrets inside answer links.
 */

const SENSITIVE_KEYS = new Set(
  [
    'name',
    'fullName',
    'phone',
    'email',
    'address',
    'citizen',
    'subject',
    'content',
    'answer',
    'text',
    'html',
    'reason',
    'note',
    'body',
    'token',
    'authorization',
    'cookie',
    'password',
    'secret',
    'to',
    'cc',
    'from',
  ].map((key) => key.toLowerCase()),
);

export const REDACTED = '[redacted]';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// Vietnamese and international phone numbers in their usual spellings: 0912 345 678, +84912345678, 84-912-345-678.
const PHONE = /(?<![\w/])(?:\+?84|0)(?:[\s.-]?\d){8,10}(?![\w/])/g;
// Answer, login and API tokens travel in paths (`/answer/<token>`) and headers.
const TOKEN_PATH = /\/(answer|login|monitor\/login)\/[A-Za-z0-9_-]{16,}/g;
const BEARER = /Bearer\s+[A-Za-z0-9._~+/-]+=*/gi;

/** Scrubs e-mail addresses, phone numbers and link tokens out of free text. */
export function redactText(text: string): string {
  return text
    .replace(TOKEN_PATH, (_match, kind: string) => `/${kind}/${REDACTED}`)
    .replace(BEARER, `Bearer ${REDACTED}`)
    .replace(EMAIL, REDACTED)
    .replace(PHONE, REDACTED);
}

/** Returns a copy with sensitive keys blanked and strings scrubbed; cycles and depth are bounded. */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message), stack: value.stack && redactText(value.stack) };
  }
  if (depth > 6 || seen.has(value)) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SENSITIVE_KEYS.has(key.toLowerCase()) ? REDACTED : redactValue(item, depth + 1, seen);
  }
  return out;
}
