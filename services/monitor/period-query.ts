import { z } from 'zod';
import { addDays, isLocalDate, type LocalDate } from '../../shared/time/local-date.js';
import { localDateOf, startOfLocalDate } from '../../shared/time/vietnam-time-zone.js';
import { AppError } from '../../shared/errors/app-error.js';
import {
  isSupportedInstant,
  UNSUPPORTED_YEAR_MESSAGE_VI,
} from '../../shared/calendar/supported-years.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';
import { monthToDate, type Window } from '../../shared/oversight/ticket-stats.js';

/** A report longer than this is a mistake (or a way to load the whole database): 366 days. */
const MAX_PERIOD_MS = 366 * 24 * 3600 * 1000;
const DATE_OR_INSTANT_MESSAGE =
  'Ngày theo dạng YYYY-MM-DD (giờ Việt Nam) hoặc thời điểm ISO 8601 có múi giờ, ví dụ 2026-03-05T08:30:00+07:00.';

/** Blank form fields (`?from=`) mean "not given". */
const blankAsMissing = (value: unknown): unknown => (value === '' ? undefined : value);

const DateOrInstant = z.preprocess(
  blankAsMissing,
  z
    .string()
    .refine((value) => isLocalDate(value) || z.iso.datetime({ offset: true }).safeParse(value).success, {
      message: DATE_OR_INSTANT_MESSAGE,
      abort: true,
    })
    .refine((value) => isSupportedInstant(isLocalDate(value) ? startOfLocalDate(value) : new Date(value)), {
      message: UNSUPPORTED_YEAR_MESSAGE_VI,
    })
    .optional(),
);

/** The filters every monitor view shares: period, unit, category. */
export const PeriodQuerySchema = z.strictObject({
  from: DateOrInstant.describe('Từ ngày (bao gồm) hoặc thời điểm; mặc định: đầu tháng này'),
  to: DateOrInstant.describe('Đến hết ngày này, hoặc trước thời điểm này; mặc định: bây giờ'),
  department: z.preprocess(
    blankAsMissing,
    z
      .string()
      .regex(/^[A-Z0-9_]{2,16}$/)
      .optional(),
  ),
  category: z.preprocess(
    blankAsMissing,
    z
      .string()
      .regex(/^[a-z_]{2,40}$/)
      .optional(),
  ),
});

export const ExportQuerySchema = PeriodQuerySchema.extend({
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
});

export type PeriodQuery = z.output<typeof PeriodQuerySchema>;

export interface ResolvedPeriod extends Window {
  /** The Vietnamese dates the period starts and ends on (for labels and file names). */
  firstDate: LocalDate;
  lastDate: LocalDate;
}

function invalid(path: string, message: string): AppError {
  return new AppError(400, 'VALIDATION_FAILED', { details: [{ path, message }] });
}

/** `from` and `to` as instants: a date starts at its midnight; a `to` date includes that whole day. */
export function resolvePeriod(query: Pick<PeriodQuery, 'from' | 'to'>, now: Date): ResolvedPeriod {
  const from = query.from
    ? isLocalDate(query.from)
      ? startOfLocalDate(query.from)
      : new Date(query.from)
    : monthToDate(now).from;
  const to = query.to
    ? isLocalDate(query.to)
      ? startOfLocalDate(addDays(query.to, 1))
      : new Date(query.to)
    : now;
  if (from.getTime() >= to.getTime()) throw invalid('to', '`to` phải sau `from`.');
  if (to.getTime() - from.getTime() > MAX_PERIOD_MS)
    throw invalid('to', 'Khoảng thời gian tối đa là 366 ngày.');
  return { from, to, firstDate: localDateOf(from), lastDate: localDateOf(new Date(to.getTime() - 1)) };
}

/** 400 for a unit or category that the routing table does not know. */
export function checkKnownCodes(
  domain: TicketDomain,
  query: Pick<PeriodQuery, 'department' | 'category'>,
): void {
  if (query.department && !domain.unit(query.department))
    throw invalid('department', 'Không có đơn vị với mã này.');
  if (query.category && !domain.table.categories.some((category) => category.code === query.category)) {
    throw invalid('category', 'Không có lĩnh vực với mã này.');
  }
}
