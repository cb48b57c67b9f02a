import { z } from 'zod';
import { AppError, type ErrorDetail } from '../../shared/errors/app-error.js';

const viLocale = z.locales.vi().localeError;

/**
 * Vietnamese messages for zod issues that people read (API details, form errors next to fields).
 * Schema-level messages win over these; anything not covered falls back to zod's Vietnamese locale.
 */
export const viErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'Bắt buộc nhập.' : `Sai kiểu dữ liệu (cần ${issue.expected}).`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? 'Không được để trống.' : `Tối thiểu ${issue.minimum} ký tự.`;
      if (issue.origin === 'number') return `Phải lớn hơn hoặc bằng ${issue.minimum}.`;
      break;
    case 'too_big':
      if (issue.origin === 'string') return `Tối đa ${issue.maximum} ký tự.`;
      if (issue.origin === 'number') return `Phải nhỏ hơn hoặc bằng ${issue.maximum}.`;
      break;
    case 'invalid_value':
      return 'Giá trị không nằm trong danh sách cho phép.';
    case 'unrecognized_keys':
      return 'Trường không được hỗ trợ.';
    case 'invalid_format':
      if (issue.format === 'email') return 'Địa chỉ thư điện tử không hợp lệ.';
      if (issue.format === 'datetime')
        return 'Thời điểm phải theo ISO 8601 có múi giờ, ví dụ 2026-03-05T08:30:00+07:00.';
      return 'Sai định dạng.';
  }
  return viLocale(issue);
};

/** Keys that must never reach MongoDB or an object's prototype, wherever they are nested. */
function isForbiddenKey(key: string): boolean {
  return key.startsWith('$') || key === '__proto__' || key === 'constructor' || key === 'prototype';
}

/** Paths of forbidden keys (`$gt`, `__proto__`, `constructor`) anywhere in a parsed JSON value. */
export function forbiddenKeyPaths(value: unknown, path: string[] = [], depth = 0): string[] {
  if (value === null || typeof value !== 'object' || depth > 20) return [];
  const found: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const here = [...path, key];
    if (isForbiddenKey(key)) found.push(here.join('.'));
    else found.push(...forbiddenKeyPaths(item, here, depth + 1));
  }
  return found;
}

// A UTF-16 surrogate without its partner (`"\ud800"` is valid JSON) cannot be stored as UTF-8.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Paths of strings that are not well-formed Unicode (lone surrogates) anywhere in a parsed value. */
export function malformedTextPaths(value: unknown, path: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? [path.join('.') || '(body)'] : [];
  if (value === null || typeof value !== 'object' || depth > 20) return [];
  return Object.entries(value).flatMap(([key, item]) => malformedTextPaths(item, [...path, key], depth + 1));
}

/** One detail per bad field; an unknown key is reported at its own path, not its parent's. */
export function issueDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: issue.message }));
    }
    return [{ path: base.join('.') || '(body)', message: issue.message }];
  });
}

/**
 * Validates untrusted input with Vietnamese messages: operator keys, prototype keys and text that is
 * not well-formed Unicode are refused first (400 naming each), then the schema runs; failure is a
 * 400 VALIDATION_FAILED with every bad path.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const forbidden = forbiddenKeyPaths(input);
  if (forbidden.length > 0) {
    throw new AppError(400, 'VALIDATION_FAILED', {
      details: forbidden.map((path) => ({
        path,
        message: 'Tên trường không được phép (không dùng `$`, `__proto__`, `constructor`).',
      })),
    });
  }
  const malformed = malformedTextPaths(input);
  if (malformed.length > 0) {
    throw new AppError(400, 'VALIDATION_FAILED', {
      details: malformed.map((path) => ({
        path,
        message: 'Văn bản chứa ký tự không hợp lệ (không phải Unicode chuẩn).',
      })),
    });
  }
  const result = schema.safeParse(input, { error: viErrorMap });
  if (!result.success) throw new AppError(400, 'VALIDATION_FAILED', { details: issueDetails(result.error) });
  return result.data;
}
