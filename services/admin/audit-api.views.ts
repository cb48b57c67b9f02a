import { z } from 'zod';
import { STAFF_EVENT_KINDS, type StaffEventPage } from '../../shared/audit/staff-events.js';
import { TicketViewSchema } from '../intake/ticket-view.js';

/**
 * The JSON bodies of the admins' API under `/api/v1` (access log, citizen data): one schema each,
 * which the routers build through and the OpenAPI document shows.
 */
export const AccessLogEntrySchema = z.strictObject({
  id: z.string(),
  at: z.iso.datetime(),
  actorId: z.string().optional().describe('Mã cán bộ; không có với đường dẫn trả lời hay lúc chưa đăng nhập'),
  actorName: z.string(),
  role: z.string().describe('Vai trò cán bộ, `unit` cho đường dẫn trả lời, `cli`, `anonymous`'),
  kind: z.enum(STAFF_EVENT_KINDS),
  ip: z.string(),
  ticketId: z.string().optional(),
  ticketCode: z.string().optional(),
  target: z.string().optional().describe('Đối tượng khác phiếu: tệp xuất, mã băm sha256 của người dân...'),
  data: z.record(z.string(), z.unknown()).optional(),
});

export const AccessLogPageSchema = z.strictObject({
  items: z.array(AccessLogEntrySchema).describe('Mới nhất trước'),
  page: z.number().int().min(1),
  limit: z.number().int().min(1),
  next: z.number().int().min(2).nullable().describe('Số trang sau; null ở trang cuối'),
});
export type AccessLogPage = z.output<typeof AccessLogPageSchema>;

export function toAccessLogPage(page: StaffEventPage): AccessLogPage {
  return {
    items: page.events.map((event) => ({ ...event, at: event.at.toISOString() })),
    page: page.page,
    limit: page.pageSize,
    next: page.hasNext ? page.page + 1 : null,
  };
}

/** The person as the service normalised them: a phone in E.164 or a lower-case e-mail. */
export const CitizenPersonSchema = z.union([
  z.strictObject({ phone: z.string().describe('E.164') }),
  z.strictObject({ email: z.string() }),
]);

export const CitizenSearchResultSchema = z.strictObject({
  person: CitizenPersonSchema,
  items: z.array(TicketViewSchema).describe('Mọi phiếu của người này, danh tính đầy đủ'),
});

export type CitizenSearchResult = z.output<typeof CitizenSearchResultSchema>;

export const CitizenExportFileSchema = z.strictObject({
  exportedAt: z.iso.datetime(),
  person: CitizenPersonSchema,
  tickets: z.array(TicketViewSchema),
});

export type CitizenExportFile = z.output<typeof CitizenExportFileSchema>;

export const AnonymiseResultSchema = z.strictObject({
  anonymised: z.array(z.string()).describe('Mã các phiếu vừa được ẩn danh'),
  already: z.array(z.string()).describe('Mã các phiếu đã ẩn danh từ trước'),
});
export type AnonymiseResult = z.output<typeof AnonymiseResultSchema>;
