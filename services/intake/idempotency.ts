import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so that key order does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * sha256 of the validated (normalised) body: `0912 345 678` and `+84912345678`, NFD and NFC, are
 * the same request; a different subject is not.
 */
export function requestHash(validatedBody: unknown): string {
  return createHash('sha256').update(canonicalJson(validatedBody), 'utf8').digest('hex');
}

/**
 * The retry key as stored: scoped to the staff account, so two operators (or two switchboards)
 * using the same call id never collide. The header wins over `externalRef`.
 */
export function scopedIdempotencyKey(
  staffId: string,
  headerKey?: string,
  externalRef?: string,
): string | undefined {
  if (headerKey) return `${staffId}:${headerKey}`;
  if (externalRef) return `${staffId}:ref:${externalRef}`;
  return undefined;
}
