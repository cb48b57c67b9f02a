import { z } from 'zod';
import type { RoutingTable } from '../../config/routing-table.js';
import { MESSAGES_VI } from '../../shared/errors/messages-vi.js';
import { TicketListQuerySchema } from '../../shared/tickets/ticket-filters.schema.js';
import { CategoryViewSchema, DepartmentViewSchema, listOf, ProcedureViewSchema } from './reference-data.js';
import { buildTicketInputSchema, IdempotencyKeySchema } from './ticket-input.schema.js';
import { TicketPageViewSchema, TicketViewSchema } from './ticket-view.js';
import { ClosureInputSchema } from '../answer/close-ticket.js';
import { CitizenReplyInputSchema } from '../answer/record-citizen-reply.js';

type JsonSchema = Record<string, unknown>;

const ErrorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z
      .enum(Object.keys(MESSAGES_VI) as [keyof typeof MESSAGES_VI])
      .describe('Mã lỗi ổn định (tiếng Anh)'),
    message: z.string().describe('Thông báo cho người dùng (tiếng Việt)'),
    details: z
      .array(z.strictObject({ path: z.string(), message: z.string() }))
      .optional()
      .describe('Từng trường sai: đường dẫn và lý do'),
  }),
});

/** JSON Schema 2020-12 (the dialect of OpenAPI 3.1) straight from the zod schema the code validates with. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  });
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

function errorResponses(...statuses: number[]) {
  const described: Record<number, string> = {
    400: 'Dữ liệu không hợp lệ (VALIDATION_FAILED, MALFORMED_JSON)',
    401: 'Thiếu, sai, đã thu hồi hoặc đã hết hạn mã truy cập (TOKEN_EXPIRED)',
    403: 'Vai trò không được phép, hoặc mã truy cập không có phạm vi này (TOKEN_SCOPE_MISSING)',
    404: 'Không tìm thấy',
    409: 'Idempotency-Key đã dùng cho nội dung khác',
    413: 'Nội dung lớn hơn 64 KB',
    415: 'Không phải application/json',
    429: 'Quá nhiều yêu cầu từ mã truy cập này (có Retry-After)',
    503: 'Quá tải (OVERLOADED) hoặc cơ sở dữ liệu tạm thời không truy cập được (có Retry-After; gửi lại với cùng Idempotency-Key)',
  };
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      { description: described[status] ?? '', content: json(ref('Error')) },
    ]),
  );
}

/** Query parameters from the list schema, one per property. */
function queryParameters(): JsonSchema[] {
  const schema = jsonSchema(TicketListQuerySchema, 'input') as { properties?: Record<string, JsonSchema> };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: 'query', required: false, description, schema: rest };
  });
}

/** The OpenAPI 3.1 document of the operator API, generated from the zod schemas (never written by hand). */
export function buildOpenApiDocument(table: RoutingTable, serverUrl: string): JsonSchema {
  const common = [...[401, 429, 503]];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tổng đài 1022 – API tiếp nhận phản ánh, kiến nghị',
      version: '1.0.0',
      description:
        'API cho điện thoại viên và phần mềm tổng đài. Mọi lời gọi cần `Authorization: Bearer <mã truy cập>` ' +
        '(tạo bằng `npm run staff -- add ...`). Lỗi luôn có dạng `{ error: { code, message, details? } }`.',
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ bearer: [] }],
    paths: {
      '/tickets': {
        post: {
          operationId: 'createTicket',
          summary: 'Ghi nhận một cuộc gọi thành phiếu (vai trò operator, admin)',
          description:
            'Gửi lại cùng `Idempotency-Key` (hoặc cùng `externalRef`) với cùng nội dung: trả 200 và phiếu cũ ' +
            '(header `Idempotent-Replayed: true`); khác nội dung: 409.',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'Khóa chống tạo trùng khi gửi lại, riêng cho từng tài khoản',
              schema: jsonSchema(IdempotencyKeySchema, 'input'),
            },
          ],
          requestBody: { required: true, content: json(ref('TicketInput')) },
          responses: {
            '201': { description: 'Đã tạo phiếu', content: json(ref('Ticket')) },
            '200': { description: 'Gửi lại: phiếu đã tạo trước đó', content: json(ref('Ticket')) },
            ...errorResponses(400, 403, 409, 413, 415, ...common),
          },
        },
        get: {
          operationId: 'listTickets',
          summary: 'Danh sách phiếu, mới nhất trước, phân trang bằng con trỏ',
          parameters: queryParameters(),
          responses: {
            '200': { description: 'Một trang phiếu', content: json(ref('TicketPage')) },
            ...errorResponses(400, 403, ...common),
          },
        },
      },
      '/tickets/{idOrCode}': {
        get: {
          operationId: 'getTicket',
          summary: 'Một phiếu theo id hoặc mã 1022-YYYY-NNNNNN',
          parameters: [{ name: 'idOrCode', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'Phiếu', content: json(ref('Ticket')) },
            ...errorResponses(403, 404, ...common),
          },
        },
      },
      '/tickets/{idOrCode}/closure': {
        post: {
          operationId: 'recordCallBack',
          summary: 'Ghi nhận kết quả gọi lại công dân (vai trò operator, admin)',
          description:
            'Hài lòng, thấy hữu ích hoặc không liên lạc được: đóng phiếu. Chưa hài lòng (`unsatisfied`): ' +
            'phiếu chuyển Chánh Văn phòng Sở quyết định mở lại hoặc đóng (`reopen_requested`). Gửi lại cùng ' +
            'nội dung: trả 200 và phiếu như đã ghi.',
          parameters: [idOrCodeParameter()],
          requestBody: { required: true, content: json(ref('ClosureInput')) },
          responses: {
            '200': { description: 'Phiếu sau khi ghi nhận', content: json(ref('Ticket')) },
            ...errorResponses(400, 403, 404, 409, 415, ...common),
          },
        },
      },
      '/tickets/{idOrCode}/citizen-reply': {
        post: {
          operationId: 'recordCitizenReply',
          summary: 'Ghi nhận thông tin người phản ánh bổ sung khi đơn vị đề nghị (vai trò operator, admin)',
          description:
            'Chỉ khi phiếu đang `waiting_citizen`. Thời hạn trả lời được cộng thêm thời gian đã chờ; đơn vị ' +
            'nhận thư điện tử kèm đường dẫn trả lời. Gửi lại cùng nội dung: trả 200 và phiếu như đã ghi.',
          parameters: [idOrCodeParameter()],
          requestBody: { required: true, content: json(ref('CitizenReplyInput')) },
          responses: {
            '200': { description: 'Phiếu sau khi ghi nhận', content: json(ref('Ticket')) },
            ...errorResponses(400, 403, 404, 409, 415, ...common),
          },
        },
      },
      '/categories': reference('listCategories', 'Danh mục lĩnh vực', 'CategoryList'),
      '/departments': reference('listDepartments', 'Các phòng, đơn vị xử lý', 'DepartmentList'),
      '/procedures': reference('listProcedures', 'Thủ tục hành chính', 'ProcedureList'),
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Mã truy cập API của cán bộ' },
      },
      schemas: {
        TicketInput: jsonSchema(buildTicketInputSchema(table), 'input'),
        Ticket: jsonSchema(TicketViewSchema, 'output'),
        TicketPage: {
          ...jsonSchema(TicketPageViewSchema, 'output'),
          properties: { items: { type: 'array', items: ref('Ticket') }, next: { type: ['string', 'null'] } },
        },
        CategoryList: jsonSchema(listOf(CategoryViewSchema), 'output'),
        DepartmentList: jsonSchema(listOf(DepartmentViewSchema), 'output'),
        ProcedureList: jsonSchema(listOf(ProcedureViewSchema), 'output'),
        ClosureInput: jsonSchema(ClosureInputSchema, 'input'),
        CitizenReplyInput: jsonSchema(CitizenReplyInputSchema, 'input'),
        Error: jsonSchema(ErrorBodySchema, 'output'),
      },
    },
  };
}

function idOrCodeParameter() {
  return { name: 'idOrCode', in: 'path', required: true, schema: { type: 'string' } };
}

function reference(operationId: string, summary: string, schema: string) {
  return {
    get: {
      operationId,
      summary,
      responses: {
        '200': { description: summary, content: json(ref(schema)) },
        ...errorResponses(401, 429, 503),
      },
    },
  };
}
