import type { RoutingTable } from '../../config/routing-table.js';
import { TicketListQuerySchema } from '../../shared/tickets/ticket-filters.schema.js';
import {
  bearer,
  errorResponses,
  json,
  jsonSchema,
  pathParameter,
  queryParameters,
  ref,
  type OpenApiPart,
} from '../http/openapi-parts.js';
import { CategoryViewSchema, DepartmentViewSchema, listOf, ProcedureViewSchema } from './reference-data.js';
import { buildTicketInputSchema, IdempotencyKeySchema } from './ticket-input.schema.js';
import { TicketPageViewSchema, TicketViewSchema } from './ticket-view.js';

const STAFF_ROLES = ['operator', 'chief', 'reviewer', 'admin'] as const;

/** Everything behind intake.router.ts passes its capacity guard and the token's rate limit first. */
const guarded: Array<number | [number, string]> = [
  401,
  429,
  [
    503,
    'Quá tải (OVERLOADED) hoặc cơ sở dữ liệu tạm thời không truy cập được (DATABASE_UNAVAILABLE); ' +
      'có Retry-After, gửi lại với cùng Idempotency-Key',
  ],
];

const IDEMPOTENT_REPLAYED = {
  'Idempotent-Replayed': { description: '`true`: phiếu đã tạo trước đó', schema: { const: 'true' } },
};

/** The operator API proper (services/intake/intake.router.ts) and its two public descriptions. */
export function intakeOpenApi(table: RoutingTable): OpenApiPart {
  return {
    paths: {
      '/tickets': {
        post: {
          operationId: 'createTicket',
          summary: 'Ghi nhận một cuộc gọi thành phiếu (vai trò operator, admin)',
          description:
            'Gửi lại cùng `Idempotency-Key` (hoặc cùng `externalRef`) với cùng nội dung: trả 200 và phiếu cũ ' +
            '(header `Idempotent-Replayed: true`); khác nội dung: 409.',
          ...bearer(['operator', 'admin'], ['intake']),
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
            '201': {
              description: 'Đã tạo phiếu',
              headers: {
                Location: { description: '/api/v1/tickets/<mã phiếu>', schema: { type: 'string' } },
              },
              content: json(ref('Ticket')),
            },
            '200': {
              description: 'Gửi lại: phiếu đã tạo trước đó',
              headers: IDEMPOTENT_REPLAYED,
              content: json(ref('Ticket')),
            },
            ...errorResponses(
              400,
              403,
              [409, 'Idempotency-Key (hoặc externalRef) đã dùng cho nội dung khác (IDEMPOTENCY_CONFLICT)'],
              [413, 'Nội dung lớn hơn 64 KB (PAYLOAD_TOO_LARGE)'],
              415,
              ...guarded,
            ),
          },
        },
        get: {
          operationId: 'listTickets',
          summary: 'Danh sách phiếu, mới nhất trước, phân trang bằng con trỏ',
          ...bearer(STAFF_ROLES, ['read']),
          parameters: queryParameters(TicketListQuerySchema),
          responses: {
            '200': { description: 'Một trang phiếu', content: json(ref('TicketPage')) },
            ...errorResponses(400, 403, ...guarded),
          },
        },
      },
      '/tickets/{idOrCode}': {
        get: {
          operationId: 'getTicket',
          summary: 'Một phiếu theo id hoặc mã 1022-YYYY-NNNNNN',
          description: 'Vai trò reviewer chỉ đọc được phiếu thuộc lĩnh vực mình xem xét; phiếu khác trả 404.',
          ...bearer(STAFF_ROLES, ['read']),
          parameters: [pathParameter('idOrCode', 'ObjectId của phiếu hoặc mã 1022-YYYY-NNNNNN')],
          responses: {
            '200': { description: 'Phiếu', content: json(ref('Ticket')) },
            ...errorResponses(
              [400, 'Đường dẫn không đọc được, ví dụ mã hóa phần trăm sai (VALIDATION_FAILED)'],
              403,
              404,
              ...guarded,
            ),
          },
        },
      },
      '/categories': reference('listCategories', 'Danh mục lĩnh vực', 'CategoryList'),
      '/departments': reference('listDepartments', 'Các phòng, đơn vị xử lý', 'DepartmentList'),
      '/procedures': reference('listProcedures', 'Thủ tục hành chính', 'ProcedureList'),
      '/openapi.json': {
        get: {
          operationId: 'getOpenApiDocument',
          summary: 'Tài liệu này (OpenAPI 3.1), công khai',
          security: [],
          responses: {
            '200': {
              description: 'Tài liệu OpenAPI 3.1',
              content: json({ type: 'object', required: ['openapi', 'info', 'paths'] }),
            },
            ...errorResponses(503),
          },
        },
      },
      '/docs': {
        get: {
          operationId: 'getApiDocsPage',
          summary: 'Trang đọc được của tài liệu này, công khai, không cần JavaScript',
          security: [],
          responses: {
            '200': { description: 'Trang HTML', content: { 'text/html': { schema: { type: 'string' } } } },
            ...errorResponses(503),
          },
        },
      },
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
    },
  };

  function reference(operationId: string, summary: string, schema: string) {
    return {
      get: {
        operationId,
        summary,
        description: 'Cần một mã truy cập hợp lệ, không cần phạm vi nào.',
        ...bearer(STAFF_ROLES),
        responses: {
          '200': { description: summary, content: json(ref(schema)) },
          ...errorResponses(...guarded),
        },
      },
    };
  }
}
