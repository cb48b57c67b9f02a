import { z } from 'zod';
import { PRIORITIES, STATUSES, type ProcessingLevel } from './ticket-types.js';
import { cleanSingleLineText } from '../text/clean-text.js';
import { rawText } from '../text/raw-text.js';
import { isSupportedInstant, UNSUPPORTED_YEAR_MESSAGE_VI } from '../calendar/supported-years.js';

/** `true`/`false` as they come in a query string; only `true` narrows the list. */
const QueryFlag = z
  .enum(['true', 'false'], { error: 'Chỉ nhận true hoặc false.' })
  .transform((v) => v === 'true');

const QueryInstant = z.iso
  .datetime({
    offset: true,
    error: 'Thời điểm phải theo ISO 8601 có múi giờ, ví dụ 2026-03-05T08:30:00+07:00.',
  })
  .transform((v) => new Date(v))
  .refine(isSupportedInstant, UNSUPPORTED_YEAR_MESSAGE_VI);

/**
 * Query string of ticket lists (`GET /api/v1/tickets`, the dashboard, `/api/v1/stats`): one schema so
 * that every list filters the same way.
 */
export const TicketListQuerySchema = z
  .strictObject({
    status: z.enum(STATUSES).optional().describe('Trạng thái phiếu'),
    category: z
      .string()
      .regex(/^[a-z_]{2,40}$/)
      .optional()
      .describe('Mã lĩnh vực (xem /api/v1/categories)'),
    department: z
      .string()
      .regex(/^[A-Z0-9_]{2,16}$/)
      .optional()
      .describe('Mã đơn vị đang được giao xử lý (xem /api/v1/departments)'),
    priority: z.enum(PRIORITIES).optional().describe('Mức độ ưu tiên'),
    level: z
      // '' is "every level", as the list page's filter form sends it.
      .enum(['', '1', '2', '3'], { error: 'Mức xử lý là 1, 2 hoặc 3.' })
      .transform((v) => (v === '' ? undefined : (Number(v) as ProcessingLevel)))
      .optional()
      .describe('Mức xử lý: 1 trả lời ngay khi tiếp nhận, 2 chuyển một đơn vị, 3 phức tạp'),
    from: QueryInstant.optional().describe('Nhận từ thời điểm này (bao gồm)'),
    to: QueryInstant.optional().describe('Nhận trước thời điểm này (không bao gồm)'),
    q: rawText(200)
      .overwrite(cleanSingleLineText)
      .max(200)
      .optional()
      .describe('Tìm trong tiêu đề, nội dung, mã phiếu'),
    overdue: QueryFlag.optional().describe('true: chỉ phiếu quá hạn mà đơn vị chưa trả lời'),
    escalated: QueryFlag.optional().describe('true: chỉ phiếu đã bị báo cáo vượt cấp'),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(20)
      .describe('Số phiếu mỗi trang (1–100, mặc định 20)'),
    cursor: z.string().max(200).optional().describe('Giá trị next của trang trước'),
  })
  .refine((query) => !query.from || !query.to || query.from.getTime() < query.to.getTime(), {
    path: ['to'],
    message: '`to` phải sau `from`.',
  });

export type TicketListQuery = z.output<typeof TicketListQuerySchema>;
