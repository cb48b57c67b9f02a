import { z } from 'zod';
import { STAFF_EVENT_KINDS } from '../../shared/audit/staff-events.js';
import { isSupportedInstant, UNSUPPORTED_YEAR_MESSAGE_VI } from '../../shared/calendar/supported-years.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'Ngày theo dạng YYYY-MM-DD, hoặc thời điểm ISO 8601 có múi giờ.';

/** A day (Vietnam time: `2026-12-01` is 00:00 +07:00) or an ISO instant with offset; `endOfDay` moves a day to its end. */
function periodBound(endOfDay: boolean) {
  return z
    .string()
    .max(40)
    .transform((value, ctx) => {
      const isDay = DAY.test(value);
      const instant = isDay
        ? new Date(`${value}T00:00:00+07:00`)
        : z.iso.datetime({ offset: true }).safeParse(value).success
          ? new Date(value)
          : undefined;
      if (!instant || Number.isNaN(instant.getTime())) {
        ctx.issues.push({ code: 'custom', input: value, message: DATE_MESSAGE });
        return z.NEVER;
      }
      if (!isSupportedInstant(instant)) {
        ctx.issues.push({ code: 'custom', input: value, message: UNSUPPORTED_YEAR_MESSAGE_VI });
        return z.NEVER;
      }
      return isDay && endOfDay ? new Date(instant.getTime() + 86_400_000) : instant;
    });
}

/** Empty form fields mean "no filter". */
const blankAsMissing = (value: unknown) => (value === '' ? undefined : value);

/**
 * Filters of the access journal (`/admin/journal`, `GET /api/v1/access-log`): ticket code, staff
 * member (id or e-mail), kind, period (from inclusive, to inclusive for a day), page.
 */
export const JournalQuerySchema = z
  .strictObject({
    ticket: z.preprocess(
      blankAsMissing,
      z
        .string()
        .regex(/^1022-\d{4}-\d{6}$/, 'Mã phiếu dạng 1022-2026-000123.')
        .optional(),
    ),
    actor: z.preprocess(
      blankAsMissing,
      z
        .string()
        .max(254)
        .regex(/^([0-9a-f]{24}|[^\s@]+@[^\s@]+)$/i, 'Mã hoặc e-mail của cán bộ.')
        .transform((value) => value.toLowerCase())
        .optional(),
    ),
    kind: z.preprocess(blankAsMissing, z.enum(STAFF_EVENT_KINDS).optional()),
    from: z.preprocess(blankAsMissing, periodBound(false).optional()),
    to: z.preprocess(blankAsMissing, periodBound(true).optional()),
    page: z.preprocess(blankAsMissing, z.coerce.number().int().min(1).max(10_000).default(1)),
    limit: z.preprocess(blankAsMissing, z.coerce.number().int().min(1).max(200).default(50)),
  })
  .refine((query) => !query.from || !query.to || query.from.getTime() < query.to.getTime(), {
    path: ['to'],
    message: '`to` phải sau `from`.',
  });

export type JournalQuery = z.output<typeof JournalQuerySchema>;
