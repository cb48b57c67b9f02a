import { z } from 'zod';
import { isTicketCode } from '../../shared/tickets/ticket-code.js';

/** The look-up form as typed: spaces and a lower-case code are forgiven, nothing else. */
export const LookupFormSchema = z.object({
  code: z
    .string({ error: 'Vui lòng nhập mã phản ánh.' })
    .max(40, 'Mã phản ánh có dạng 1022-2026-000123.')
    .transform((value) => value.replace(/\s+/g, ''))
    .refine((value) => value.length > 0, 'Vui lòng nhập mã phản ánh.')
    .refine(isTicketCode, 'Mã phản ánh có dạng 1022-2026-000123.'),
  lastFour: z
    .string({ error: 'Vui lòng nhập 4 số cuối của số điện thoại.' })
    .max(20, 'Vui lòng nhập đúng 4 chữ số.')
    .transform((value) => value.replace(/\s+/g, ''))
    .refine(
      (value) => /^\d{4}$/.test(value),
      'Vui lòng nhập đúng 4 chữ số cuối của số điện thoại đã báo cho tổng đài.',
    ),
});

export type LookupForm = z.infer<typeof LookupFormSchema>;

export type LookupFormResult =
  | { ok: true; form: LookupForm }
  | { ok: false; values: { code: string; lastFour: string }; errors: Record<string, string> };

export function readLookupForm(body: unknown): LookupFormResult {
  const raw = (body ?? {}) as Record<string, unknown>;
  const values = {
    code: typeof raw.code === 'string' ? raw.code.slice(0, 40) : '',
    lastFour: typeof raw.lastFour === 'string' ? raw.lastFour.slice(0, 20) : '',
  };
  const parsed = LookupFormSchema.safeParse({ code: raw.code, lastFour: raw.lastFour });
  if (parsed.success) return { ok: true, form: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'code');
    errors[field] ??= issue.message;
  }
  return { ok: false, values, errors };
}
