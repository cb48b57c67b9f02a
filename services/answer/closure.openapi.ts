import {
  bearer,
  errorResponses,
  json,
  jsonSchema,
  pathParameter,
  ref,
  type OpenApiPart,
} from '../http/openapi-parts.js';
import { ClosureInputSchema } from './close-ticket.js';
import { CitizenReplyInputSchema } from './record-citizen-reply.js';

const ID_OR_CODE = pathParameter('idOrCode', 'ObjectId của phiếu hoặc mã 1022-YYYY-NNNNNN');

/** The operator's calls to the citizen after intake (services/answer/closure.router.ts). */
export function closureOpenApi(): OpenApiPart {
  return {
    paths: {
      '/tickets/{idOrCode}/closure': {
        post: {
          operationId: 'recordCallBack',
          summary: 'Ghi nhận kết quả gọi lại công dân (vai trò operator, admin)',
          description:
            'Hài lòng, thấy hữu ích hoặc không liên lạc được: đóng phiếu. Chưa hài lòng (`unsatisfied`): ' +
            'phiếu chuyển Chánh Văn phòng Sở quyết định mở lại hoặc đóng (`reopen_requested`). Gửi lại cùng ' +
            'nội dung: trả 200 và phiếu như đã ghi.',
          ...bearer(['operator', 'admin'], ['intake']),
          parameters: [ID_OR_CODE],
          requestBody: { required: true, content: json(ref('ClosureInput')) },
          responses: {
            '200': { description: 'Phiếu sau khi ghi nhận', content: json(ref('Ticket')) },
            ...errorResponses(
              400,
              403,
              404,
              [
                409,
                'Phiếu chưa được trả lời hoặc đã đóng (INVALID_STATE), hoặc vừa được người khác thay đổi (CONFLICT)',
              ],
              [413, 'Nội dung lớn hơn 16 KB (PAYLOAD_TOO_LARGE)'],
              415,
              401,
              429,
              503,
            ),
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
          ...bearer(['operator', 'admin'], ['intake']),
          parameters: [ID_OR_CODE],
          requestBody: { required: true, content: json(ref('CitizenReplyInput')) },
          responses: {
            '200': { description: 'Phiếu sau khi ghi nhận', content: json(ref('Ticket')) },
            ...errorResponses(
              400,
              403,
              404,
              [
                409,
                'Phiếu không chờ người phản ánh bổ sung (NOT_WAITING_CITIZEN), hoặc vừa được người khác thay đổi (CONFLICT)',
              ],
              [413, 'Nội dung lớn hơn 16 KB (PAYLOAD_TOO_LARGE)'],
              415,
              401,
              429,
              503,
            ),
          },
        },
      },
    },
    schemas: {
      ClosureInput: jsonSchema(ClosureInputSchema, 'input'),
      CitizenReplyInput: jsonSchema(CitizenReplyInputSchema, 'input'),
    },
  };
}
