import { z } from 'zod';
import { MESSAGES_VI } from '../../shared/errors/messages-vi.js';

/**
 * Pieces every capability's part of the OpenAPI document is made of (services/intake/openapi.ts
 * assembles them). Schemas always come from the zod schemas the code validates or builds with.
 */
export type JsonSchema = Record<string, unknown>;

/** What one capability adds to the document. */
export interface OpenApiPart {
  paths: Record<string, Record<string, JsonSchema>>;
  schemas: Record<string, JsonSchema>;
}

/** The one error shape of the whole API (`errorBody` in shared/errors/app-error.ts builds it). */
export const ErrorBodySchema = z.strictObject({
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
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  });
  return rest;
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

/** A bearer token with these scopes (OpenAPI 3.1 lets an http scheme list them) and these roles (`x-roles`). */
export function bearer(roles: readonly string[], scopes: readonly string[] = []) {
  return { security: [{ bearer: [...scopes] }], 'x-roles': [...roles] };
}

const RETRY_AFTER = {
  'Retry-After': {
    description: 'Số giây nên chờ trước khi gửi lại',
    schema: { type: 'integer', minimum: 0 },
  },
};

const DESCRIBED: Record<number, string> = {
  400: 'Dữ liệu không hợp lệ (VALIDATION_FAILED, MALFORMED_JSON); `details` chỉ từng trường sai',
  401: 'Thiếu, sai, đã thu hồi hoặc đã hết hạn mã truy cập (UNAUTHENTICATED, INVALID_TOKEN, TOKEN_EXPIRED)',
  403: 'Vai trò không được phép (FORBIDDEN), hoặc mã truy cập không có phạm vi này (TOKEN_SCOPE_MISSING)',
  404: 'Không tìm thấy (NOT_FOUND, TICKET_NOT_FOUND)',
  409: 'Xung đột với trạng thái hiện tại',
  413: 'Nội dung quá lớn (PAYLOAD_TOO_LARGE)',
  415: 'Không phải application/json (UNSUPPORTED_MEDIA_TYPE)',
  429: 'Quá nhiều yêu cầu từ mã truy cập này (RATE_LIMITED, có Retry-After)',
  503: 'Cơ sở dữ liệu tạm thời không truy cập được (DATABASE_UNAVAILABLE, có Retry-After)',
};

/**
 * Error responses, all `{ error: { code, message, details? } }`: a status alone takes the general
 * description, `[status, description]` says what it means for this operation.
 */
export function errorResponses(...statuses: Array<number | [number, string]>) {
  return Object.fromEntries(
    statuses.map((entry) => {
      const [status, description] = Array.isArray(entry) ? entry : [entry, DESCRIBED[entry] ?? ''];
      return [
        String(status),
        {
          description,
          ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
          content: json(ref('Error')),
        },
      ];
    }),
  );
}

/** Query parameters from a zod query schema, one per property, with its description. */
export function queryParameters(schema: z.ZodType): JsonSchema[] {
  const converted = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema> };
  return Object.entries(converted.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: 'query', required: false, ...(description ? { description } : {}), schema: rest };
  });
}

export function pathParameter(name: string, description: string) {
  return { name, in: 'path', required: true, description, schema: { type: 'string' } };
}
