import {
  AnsweredWebhookPayloadSchema,
  ForwardedWebhookPayloadSchema,
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  WEBHOOK_TOLERANCE_SECONDS,
} from '../../shared/webhook/switchboard-webhook.js';
import { json, jsonSchema, ref, type OpenApiPart } from '../http/openapi-parts.js';

/**
 * The switchboard webhook (`SWITCHBOARD_WEBHOOK_URL`), as OpenAPI 3.1 `webhooks`: what the service
 * POSTs to the switchboard, from the schema shared/webhook/switchboard-webhook.ts builds it with.
 */
export function webhooksOpenApi(): { webhooks: Record<string, unknown>; schemas: OpenApiPart['schemas'] } {
  return {
    webhooks: {
      'ticket.answered': webhook(
        'ticketAnswered',
        'Đơn vị đã trả lời: tổng đài gọi lại công dân',
        'TicketAnsweredEvent',
      ),
      'ticket.forwarded': webhook(
        'ticketForwarded',
        'Chánh Văn phòng Sở đã chuyển phiếu ra ngoài Sở (xã, phường, cơ quan khác)',
        'TicketForwardedEvent',
      ),
    },
    schemas: {
      TicketAnsweredEvent: jsonSchema(AnsweredWebhookPayloadSchema, 'output'),
      TicketForwardedEvent: jsonSchema(ForwardedWebhookPayloadSchema, 'output'),
    },
  };
}

function webhook(operationId: string, summary: string, schema: string) {
  return {
    post: {
      operationId,
      summary,
      description:
        `Gửi tới \`SWITCHBOARD_WEBHOOK_URL\`, gửi lại với thời gian chờ tăng dần cho tới khi bên nhận trả 2xx. ` +
        `Chữ ký: \`${SIGNATURE_HEADER}\` = \`sha256=\` + HMAC-SHA256 dạng hex (khóa \`SWITCHBOARD_WEBHOOK_SECRET\`) ` +
        `của \`<${TIMESTAMP_HEADER}>.<nội dung thô>\`. Bên nhận so chữ ký, từ chối dấu thời gian lệch quá ` +
        `${WEBHOOK_TOLERANCE_SECONDS} giây, rồi bỏ qua \`${DELIVERY_HEADER}\` đã xử lý.`,
      security: [],
      parameters: [
        {
          name: DELIVERY_HEADER,
          in: 'header',
          required: true,
          description: 'Mã lần gửi; giống nhau ở mọi lần gửi lại (bằng `deliveryId`)',
          schema: { type: 'string' },
        },
        {
          name: TIMESTAMP_HEADER,
          in: 'header',
          required: true,
          description: 'Giây Unix lúc ký lần gửi này',
          schema: { type: 'string', pattern: '^\\d{1,12}$' },
        },
        {
          name: SIGNATURE_HEADER,
          in: 'header',
          required: true,
          description: '`sha256=` + HMAC-SHA256 dạng hex của `<timestamp>.<nội dung thô>`',
          schema: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' },
        },
      ],
      requestBody: { required: true, content: json(ref(schema)) },
      responses: {
        '2XX': { description: 'Đã nhận; không gửi lại' },
        default: { description: 'Chưa nhận (kể cả chuyển hướng): gửi lại sau' },
      },
    },
  };
}
