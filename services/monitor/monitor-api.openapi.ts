import {
  bearer,
  errorResponses,
  json,
  jsonSchema,
  queryParameters,
  ref,
  type OpenApiPart,
} from '../http/openapi-parts.js';
import { MONITOR_ROLES } from './monitor-access.js';
import { ExportQuerySchema, PeriodQuerySchema } from './period-query.js';
import { StatsViewSchema } from './stats-view.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE = { type: 'string', contentMediaType: 'application/octet-stream' };

/** The dashboard's numbers and report for integrations (services/monitor/monitor-api.router.ts). */
export function monitorApiOpenApi(): OpenApiPart {
  const readers = bearer(MONITOR_ROLES, ['read']);
  return {
    paths: {
      '/stats': {
        get: {
          operationId: 'getStats',
          summary: 'Số liệu của bảng theo dõi (vai trò chief, reviewer, admin)',
          description:
            'Cùng số liệu với `/monitor`: bộ đếm hiện tại, tổng hợp của khoảng, từng đơn vị, 30 ngày gần nhất. ' +
            'Vai trò reviewer chỉ thấy các lĩnh vực mình xem xét.',
          ...readers,
          parameters: queryParameters(PeriodQuerySchema),
          responses: {
            '200': { description: 'Số liệu', content: json(ref('Stats')) },
            ...errorResponses(
              [
                400,
                'Bộ lọc không hợp lệ, đơn vị hoặc lĩnh vực không có, khoảng quá 366 ngày (VALIDATION_FAILED)',
              ],
              401,
              403,
              429,
              503,
            ),
          },
        },
      },
      '/reports/export': {
        get: {
          operationId: 'exportReport',
          summary: 'Báo cáo của khoảng thời gian, tệp XLSX hoặc CSV (vai trò chief, reviewer, admin)',
          description:
            'Mặc định không có danh tính người phản ánh; `identities=true` chỉ cho các vai trò được chính sách ' +
            'bảo vệ dữ liệu cho phép (còn lại 403), và tên tệp, tiêu đề, từng dòng đều ghi rõ. Mỗi lần xuất được ' +
            'ghi vào nhật ký truy cập.',
          ...readers,
          parameters: queryParameters(ExportQuerySchema),
          responses: {
            '200': {
              description: 'Tệp báo cáo (tải về)',
              headers: {
                'Content-Disposition': {
                  description:
                    'attachment; filename="bao-cao-1022-<từ>-den-<đến>[-kem-danh-tinh].<xlsx|csv>"',
                  schema: { type: 'string' },
                },
              },
              content: { [XLSX]: { schema: FILE }, 'text/csv': { schema: { type: 'string' } } },
            },
            ...errorResponses(400, 401, 403, 429, 503),
          },
        },
      },
    },
    schemas: { Stats: jsonSchema(StatsViewSchema, 'output') },
  };
}
