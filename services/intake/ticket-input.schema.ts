import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import type { RoutingTable } from '../../config/routing-table.js';
import { CHANNELS, PRIORITIES } from '../../shared/tickets/ticket-types.js';
import { cleanMultilineText, cleanSingleLineText } from '../../shared/text/clean-text.js';
import { rawText } from '../../shared/text/raw-text.js';
import { isSupportedInstant, UNSUPPORTED_YEAR_MESSAGE_VI } from '../../shared/calendar/supported-years.js';

/** Required one-line text: cleaned (NFC, trimmed, no control characters), then measured. */
function line(max: number) {
  return rawText(max).overwrite(cleanSingleLineText).min(1).max(max);
}

function paragraph(max: number) {
  return rawText(max).overwrite(cleanMultilineText).min(1).max(max);
}

/** Optional text: an empty value counts as absent (forms send empty fields). */
function optionalLine(max: number) {
  return rawText(max)
    .overwrite(cleanSingleLineText)
    .max(max)
    .transform((v) => (v === '' ? undefined : v))
    .optional();
}

/** Vietnamese numbers as people write them (`0912 345 678`, `+84912345678`, `84-912-345-678`) → E.164. */
export const PhoneSchema = rawText(32)
  .overwrite(cleanSingleLineText)
  .max(32)
  .transform((value, ctx) => {
    const parsed = parsePhoneNumberFromString(value, 'VN');
    if (!parsed?.isValid()) {
      ctx.issues.push({
        code: 'custom',
        input: value,
        message: 'Số điện thoại không hợp lệ (ví dụ: 0912 345 678 hoặc +84 912 345 678).',
      });
      return z.NEVER;
    }
    return parsed.number;
  })
  .describe('Số điện thoại; được chuẩn hóa về dạng E.164 (+84…)');

const ReceivedAtSchema = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .refine(isSupportedInstant, UNSUPPORTED_YEAR_MESSAGE_VI)
  .describe(
    'Thời điểm nhận cuộc gọi, ISO 8601 có múi giờ; mặc định là lúc gửi; không quá 5 phút sau hiện tại',
  );

const CitizenSchema = z
  .strictObject({
    name: optionalLine(200).describe('Họ và tên; bắt buộc nếu không ẩn danh'),
    phone: z
      .string()
      .transform((v) => (v.trim() === '' ? undefined : v))
      .pipe(PhoneSchema.optional())
      .optional()
      .describe('Số điện thoại; bắt buộc nếu không ẩn danh'),
    email: rawText(254)
      .overwrite(cleanSingleLineText)
      .transform((v) => (v === '' ? undefined : v.toLowerCase()))
      .pipe(z.email().max(254).optional())
      .optional(),
    address: optionalLine(500),
    anonymous: z.boolean().default(false).describe('Người phản ánh đề nghị giữ bí mật danh tính'),
    // Optional, not defaulted: a request without it hashes as before (idempotency across an upgrade).
    noticesOptOut: z
      .boolean()
      .optional()
      .describe(
        'Người phản ánh không muốn nhận thông báo (thư điện tử, tin nhắn SMS) khi tiếp nhận, cần bổ sung thông tin và khi có trả lời',
      ),
  })
  .superRefine(
    (citizen, ctx) => {
      // `when` below makes this run on any input, even a missing or null `citizen` (a 500 before).
      if (citizen === null || typeof citizen !== 'object' || citizen.anonymous === true) return;
      const message = 'Bắt buộc nhập (trừ khi người phản ánh đề nghị ẩn danh).';
      if (!citizen.name) ctx.addIssue({ code: 'custom', path: ['name'], message });
      if (!citizen.phone) ctx.addIssue({ code: 'custom', path: ['phone'], message });
    },
    // Runs even when another citizen field is wrong, so the form shows every missing field at once.
    { when: () => true },
  );

const LocationSchema = z
  .strictObject({
    address: optionalLine(500),
    commune: optionalLine(200).describe('Xã, phường nơi xảy ra sự việc'),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
  })
  .refine((location) => (location.lat === undefined) === (location.lng === undefined), {
    path: ['lng'],
    message: 'Cần nhập đủ cả vĩ độ (lat) và kinh độ (lng).',
  });

/**
 * The body of `POST /api/v1/tickets`, built from the routing table so that categories and procedure
 * codes are checked against the real lists (and appear as enums in the OpenAPI document).
 * `receivedAt` has no default here: the request hash must not change between two retries.
 */
export function buildTicketInputSchema(table: RoutingTable) {
  const categoryCodes = table.categories.map((category) => category.code) as [string, ...string[]];
  const procedureCodes = table.procedures.map((procedure) => procedure.code) as [string, ...string[]];
  return z.strictObject({
    channel: z.enum(CHANNELS).describe('Kênh tiếp nhận'),
    receivedAt: ReceivedAtSchema.optional(),
    externalRef: rawText(100)
      .overwrite(cleanSingleLineText)
      .min(1)
      .max(100)
      .optional()
      .describe('Mã cuộc gọi của tổng đài; dùng để chống tạo trùng khi gửi lại'),
    citizen: CitizenSchema,
    confidential: z
      .boolean()
      .default(false)
      .describe(
        'Giữ bí mật danh tính người phản ánh (người gọi đề nghị, hoặc phản ánh về cán bộ): chỉ người gọi lại và người xem xét khiếu nại được xem',
      ),
    category: z
      .enum(categoryCodes, {
        error: (issue) =>
          issue.input === undefined
            ? 'Bắt buộc chọn lĩnh vực.'
            : 'Lĩnh vực không có trong danh mục (xem GET /api/v1/categories).',
      })
      // The labels go into the OpenAPI document, so an integrator reads the Vietnamese name of each code.
      .describe(
        `Mã lĩnh vực: ${table.categories.map((category) => `${category.code} (${category.name})`).join('; ')}`,
      ),
    subject: line(200).describe('Tiêu đề ngắn'),
    content: paragraph(4000).describe('Nội dung phản ánh, kiến nghị'),
    location: LocationSchema.optional(),
    procedureCode: z
      .enum(procedureCodes, {
        error: 'Mã thủ tục hành chính không có trong danh mục (xem GET /api/v1/procedures).',
      })
      .optional()
      .describe('Mã thủ tục hành chính liên quan'),
    priority: z.enum(PRIORITIES).default('normal').describe('Mức độ ưu tiên'),
    resolvedByOperator: z
      .strictObject({ answer: paragraph(4000).describe('Nội dung đã trả lời công dân trong cuộc gọi') })
      .optional()
      .describe('Điện thoại viên đã trả lời ngay trong cuộc gọi: phiếu không chuyển đơn vị'),
  });
}

export type TicketInputSchema = ReturnType<typeof buildTicketInputSchema>;
export type TicketInput = z.output<TicketInputSchema>;

/** `Idempotency-Key` header: up to 200 visible ASCII characters. */
export const IdempotencyKeySchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7E]+$/, 'Chỉ dùng ký tự ASCII nhìn thấy được, không khoảng trắng.');
