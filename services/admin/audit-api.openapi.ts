import { z } from 'zod';
import { CitizenKeySchema, CorrectionSchema } from '../../shared/privacy/citizen-data.js';
import {
  bearer,
  errorResponses,
  json,
  jsonSchema,
  queryParameters,
  ref,
  type JsonSchema,
  type OpenApiPart,
} from '../http/openapi-parts.js';
import {
  AccessLogPageSchema,
  AnonymiseResultSchema,
  CitizenExportFileSchema,
  CitizenSearchResultSchema,
} from './audit-api.views.js';
import { ExportFormat } from './citizen-data-actions.js';
import { JournalQuerySchema } from './journal-query.js';

const ONE_OF_KEYS = 'Đúng một trong hai: `phone` (chuẩn hóa như khi tiếp nhận) hoặc `email`.';

/** The request bodies as the actions read them: the person's key, plus what each action needs. */
const keyFields = CitizenKeySchema.in.shape;
const CitizenKeyBody = z.object(keyFields).describe(ONE_OF_KEYS);
const CitizenExportBody = z.object({ ...keyFields, ...ExportFormat.shape }).describe(ONE_OF_KEYS);
const CitizenCorrectionBody = z.object({ ...keyFields, ...CorrectionSchema.shape }).describe(ONE_OF_KEYS);

/** Ticket lists inside these bodies point at the one Ticket schema instead of repeating it. */
function withTicketRefs(schema: JsonSchema, property: string): JsonSchema {
  const properties = schema.properties as Record<string, JsonSchema>;
  return { ...schema, properties: { ...properties, [property]: { type: 'array', items: ref('Ticket') } } };
}

const citizenErrors = (...more: Array<number | [number, string]>) =>
  errorResponses(
    [400, 'Thiếu hoặc sai số điện thoại/thư điện tử, JSON hỏng (VALIDATION_FAILED, MALFORMED_JSON)'],
    401,
    [403, 'Chỉ vai trò admin (FORBIDDEN), hoặc mã truy cập không có phạm vi này (TOKEN_SCOPE_MISSING)'],
    ...more,
    [413, 'Nội dung lớn hơn 8 KB (PAYLOAD_TOO_LARGE)'],
    429,
    503,
  );

/** The access journal and citizens' requests about their own data, for admin tokens (services/admin/). */
export function auditApiOpenApi(): OpenApiPart {
  const post = (
    operationId: string,
    summary: string,
    body: string,
    responses: JsonSchema,
    scope: 'read' | 'intake' = 'read',
  ) => ({
    post: {
      operationId,
      summary,
      description:
        'Số điện thoại hay thư điện tử của người dân chỉ đi trong nội dung POST, không bao giờ trên URL. ' +
        'Mỗi lần gọi được ghi vào nhật ký truy cập (người dân được ghi bằng mã băm sha256).',
      ...bearer(['admin'], [scope]),
      requestBody: { required: true, content: json(ref(body)) },
      responses,
    },
  });
  return {
    paths: {
      '/access-log': {
        get: {
          operationId: 'listAccessLog',
          summary: 'Nhật ký truy cập: ai xem, xuất, sửa gì và khi nào (vai trò admin)',
          description: 'Chỉ đọc. Mới nhất trước, phân trang bằng số trang.',
          ...bearer(['admin'], ['read']),
          parameters: queryParameters(JournalQuerySchema),
          responses: {
            '200': { description: 'Một trang nhật ký', content: json(ref('AccessLogPage')) },
            ...errorResponses(
              400,
              401,
              [
                403,
                'Chỉ vai trò admin (FORBIDDEN), hoặc mã truy cập không có phạm vi này (TOKEN_SCOPE_MISSING)',
              ],
              429,
              503,
            ),
          },
        },
      },
      '/citizen-data/search': post(
        'searchCitizenData',
        'Tìm mọi phiếu của một người dân (vai trò admin)',
        'CitizenKeyInput',
        {
          '200': { description: 'Người dân và các phiếu', content: json(ref('CitizenSearchResult')) },
          ...citizenErrors(),
        },
      ),
      '/citizen-data/export': post(
        'exportCitizenData',
        'Xuất dữ liệu của một người dân, JSON hoặc trang HTML (vai trò admin)',
        'CitizenExportInput',
        {
          '200': {
            description: 'Tệp tải về (Content-Disposition: attachment)',
            content: {
              ...json(ref('CitizenExportFile')),
              'text/html': { schema: { type: 'string' } },
            },
          },
          ...citizenErrors(),
        },
      ),
      '/citizen-data/correct': post(
        'correctCitizenData',
        'Sửa một trường danh tính trên một phiếu của người dân (vai trò admin)',
        'CitizenCorrectionInput',
        {
          '200': { description: 'Phiếu sau khi sửa', content: json(ref('Ticket')) },
          ...citizenErrors(
            [404, 'Không có phiếu này của người dân này (TICKET_NOT_FOUND)'],
            [409, 'Phiếu vừa được người khác thay đổi (CONFLICT)'],
          ),
        },
        'intake',
      ),
      '/citizen-data/anonymise': post(
        'anonymiseCitizenData',
        'Ẩn danh sớm mọi phiếu của người dân theo đề nghị (vai trò admin)',
        'CitizenKeyInput',
        {
          '200': { description: 'Các phiếu đã ẩn danh', content: json(ref('AnonymiseResult')) },
          ...citizenErrors([409, 'Phiếu vừa được người khác thay đổi (CONFLICT)']),
        },
        'intake',
      ),
    },
    schemas: {
      AccessLogPage: jsonSchema(AccessLogPageSchema, 'output'),
      CitizenKeyInput: jsonSchema(CitizenKeyBody, 'input'),
      CitizenExportInput: jsonSchema(CitizenExportBody, 'input'),
      CitizenCorrectionInput: jsonSchema(CitizenCorrectionBody, 'input'),
      CitizenSearchResult: withTicketRefs(jsonSchema(CitizenSearchResultSchema, 'output'), 'items'),
      CitizenExportFile: withTicketRefs(jsonSchema(CitizenExportFileSchema, 'output'), 'tickets'),
      AnonymiseResult: jsonSchema(AnonymiseResultSchema, 'output'),
    },
  };
}
