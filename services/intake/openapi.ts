import type { RoutingTable } from '../../config/routing-table.js';
import { closureOpenApi } from '../answer/closure.openapi.js';
import { auditApiOpenApi } from '../admin/audit-api.openapi.js';
import { monitorApiOpenApi } from '../monitor/monitor-api.openapi.js';
import { ErrorBodySchema, jsonSchema, type JsonSchema, type OpenApiPart } from '../http/openapi-parts.js';
import { intakeOpenApi } from './intake.openapi.js';
import { webhooksOpenApi } from './webhooks.openapi.js';

/**
 * The OpenAPI 3.1 document of everything under `/api/v1` and of the switchboard webhook, generated
 * from the zod schemas (never written by hand). Each capability describes its own routes in a
 * `*.openapi.ts` beside its router; test/integration/api-conformance.test.ts and the suite-wide
 * check in test/support/api-conformance.ts hold every response to it.
 */
export function buildOpenApiDocument(table: RoutingTable, serverUrl: string): JsonSchema {
  const parts: OpenApiPart[] = [
    intakeOpenApi(table),
    closureOpenApi(),
    monitorApiOpenApi(),
    auditApiOpenApi(),
  ];
  const webhooks = webhooksOpenApi();
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tổng đài 1022 – API tiếp nhận và theo dõi phản ánh, kiến nghị',
      version: '1.0.0',
      description:
        'API cho điện thoại viên, phần mềm tổng đài, Chánh Văn phòng Sở và quản trị viên. Mọi lời gọi, trừ ' +
        'tài liệu này, cần `Authorization: Bearer <mã truy cập>` (tạo bằng `npm run staff -- add ...`); ' +
        'phạm vi của mã truy cập ghi trong `security`, vai trò được phép trong `x-roles`. Lỗi luôn có dạng ' +
        '`{ error: { code, message, details? } }`. Phần `webhooks` mô tả thông báo gửi tới tổng đài.',
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ bearer: [] }],
    paths: Object.assign({}, ...parts.map((part) => part.paths)),
    webhooks: webhooks.webhooks,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'Mã truy cập API của cán bộ. Phạm vi: `intake` (tạo phiếu), `read` (đọc phiếu); mã không ghi phạm vi có cả hai.',
        },
      },
      schemas: {
        ...Object.assign({}, ...parts.map((part) => part.schemas)),
        ...webhooks.schemas,
        Error: jsonSchema(ErrorBodySchema, 'output'),
      },
    },
  };
}
