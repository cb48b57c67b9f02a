import { expect } from 'chai';
import { loadRoutingTable } from '../../config/routing-table.js';
import { buildOpenApiDocument } from '../../services/intake/openapi.js';
import { documentConformance, type ObservedResponse } from '../support/api-conformance.js';
import { openApi31Problems } from '../support/openapi-structure.js';

const TICKET = {
  id: '65f000000000000000000001',
  code: '1022-2026-000001',
  status: 'assigned',
  channel: 'phone',
  receivedAt: '2026-03-05T01:30:00.000Z',
  createdAt: '2026-03-05T01:30:01.000Z',
  updatedAt: '2026-03-05T01:30:02.000Z',
  citizen: { name: 'Võ Thị Hồng', phone: '+84912345678', anonymous: false },
  confidential: false,
  category: 'heritage',
  categoryName: 'Di sản văn hóa',
  subject: 'Di tích Gò Tháp xuống cấp',
  content: 'Tường rào khu di tích bị sập một đoạn.',
  priority: 'normal',
  escalation: { level: 0 },
  processingLevel: 2,
};

const response = (overrides: Partial<ObservedResponse> & { body?: unknown }): ObservedResponse => {
  const { body, ...rest } = overrides;
  return {
    method: 'GET',
    path: `/tickets/${TICKET.code}`,
    status: 200,
    contentType: 'application/json; charset=utf-8',
    text: JSON.stringify(body ?? TICKET),
    ...rest,
  };
};

describe('API conformance check (the suite-wide check of /api/v1 responses)', () => {
  const conformance = documentConformance();

  it('passes a response that matches its documented schema', () => {
    expect(conformance.problems(response({}))).to.deep.equal([]);
    expect(
      conformance.problems(
        response({ path: '/tickets?status=assigned', body: { items: [TICKET], next: null } }),
      ),
    ).to.deep.equal([]);
  });

  it('names the field of a body that differs from the schema: missing, extra, or of the wrong kind', () => {
    const { code: _code, ...withoutCode } = TICKET;
    expect(conformance.problems(response({ body: withoutCode }))).to.deep.equal([
      '/tickets/{idOrCode} GET 200: code: Invalid input: expected string, received undefined',
    ]);
    const [extra] = conformance.problems(response({ body: { ...TICKET, outbox: [] } }));
    expect(extra).to.contain('/tickets/{idOrCode} GET 200').and.contain('outbox');
    const [wrongKind] = conformance.problems(response({ body: { ...TICKET, receivedAt: 'yesterday' } }));
    expect(wrongKind).to.contain('receivedAt');
    const [listItem] = conformance.problems(
      response({ path: '/tickets', body: { items: [{ ...TICKET, status: 'lost' }], next: null } }),
    );
    expect(listItem).to.contain('items.0.status');
  });

  it('fails a status the operation does not document, and a media type it does not answer with', () => {
    expect(conformance.problems(response({ status: 418 }))[0]).to.match(
      /^status 418 is not documented for \/tickets\/\{idOrCode\} GET/,
    );
    expect(
      conformance.problems(response({ status: 500, body: { error: { code: 'INTERNAL', message: 'x' } } })),
    ).to.have.length(1);
    expect(conformance.problems(response({ contentType: 'text/html; charset=utf-8' }))[0]).to.contain(
      'answered text/html',
    );
  });

  it('holds every error to the one error shape and its codes', () => {
    const error = (body: unknown) => response({ status: 404, body });
    expect(
      conformance.problems(error({ error: { code: 'TICKET_NOT_FOUND', message: 'Không tìm thấy phiếu.' } })),
    ).to.deep.equal([]);
    expect(conformance.problems(error({ error: { code: 'NO_SUCH_CODE', message: 'x' } }))[0]).to.contain(
      'error.code',
    );
    expect(conformance.problems(error({ message: 'Không tìm thấy' }))).not.to.deep.equal([]);
  });

  it('lets an operation the API does not have answer only 401/404/405 in the error shape', () => {
    const notFound = { error: { code: 'NOT_FOUND', message: 'Không tìm thấy.' } };
    expect(conformance.problems(response({ path: '/nope', status: 404, body: notFound }))).to.deep.equal([]);
    expect(conformance.problems(response({ method: 'DELETE', status: 404, body: notFound }))).to.deep.equal(
      [],
    );
    expect(conformance.problems(response({ path: '/nope', status: 200, body: {} }))[0]).to.equal(
      '/nope is not a documented path, yet it answered 200',
    );
    expect(conformance.problems(response({ method: 'DELETE', status: 404, body: 'gone' }))).to.have.length(1);
  });

  it('matches literal path segments before parameters', () => {
    expect(conformance.templateFor('/citizen-data/search')).to.equal('/citizen-data/search');
    expect(conformance.templateFor('/tickets/1022-2026-000001/closure')).to.equal(
      '/tickets/{idOrCode}/closure',
    );
    expect(conformance.templateFor('/tickets/')).to.equal(undefined);
  });

  it('checks a webhook delivery’s signature headers and body against `webhooks`', () => {
    const body = {
      event: 'ticket.answered',
      deliveryId: '65f000000000000000000001.answered.1',
      ticketId: '65f000000000000000000001',
      code: '1022-2026-000001',
      answeredAt: '2026-03-06T02:00:00.000Z',
      unitCode: 'QLVH',
      assignmentNo: 1,
      onTime: true,
    };
    const headers = {
      'x-hotline-delivery': body.deliveryId,
      'x-hotline-timestamp': '1772762400',
      'x-hotline-signature': `sha256=${'a'.repeat(64)}`,
    };
    expect(
      conformance.webhookProblems('ticket.answered', { headers, text: JSON.stringify(body) }),
    ).to.deep.equal([]);
    const { 'x-hotline-signature': _signature, ...unsigned } = headers;
    const problems = conformance.webhookProblems('ticket.answered', {
      headers: { ...unsigned, 'x-hotline-timestamp': 'now' },
      text: JSON.stringify({ ...body, text: 'Câu trả lời' }),
    });
    expect(problems).to.have.length(3);
    expect(problems.join('\n'))
      .to.contain('X-Hotline-Signature missing')
      .and.contain('X-Hotline-Timestamp')
      .and.contain('text');
  });
});

describe('OpenAPI 3.1 structure check', () => {
  const fresh = () => buildOpenApiDocument(loadRoutingTable(), 'http://localhost') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('finds nothing wrong with the generated document', () => {
    expect(openApi31Problems(fresh())).to.deep.equal([]);
  });

  it('finds what would make the document invalid', () => {
    const doc = fresh();
    doc.openapi = '3.0.3';
    doc.paths['/tickets/{idOrCode}'].get.parameters = [];
    doc.paths['/tickets'].get.responses['20x'] = { description: 'x' };
    doc.paths['/stats'].get.responses['200'].content['application/json'].schema = {
      $ref: '#/components/schemas/Nope',
    };
    doc.paths['/categories'].get.operationId = 'createTicket';
    doc.paths['/categories'].get.security = [{ basic: [] }];
    doc.webhooks['ticket.answered'].post.summaryy = 'typo';
    const problems = openApi31Problems(doc).join('\n');
    expect(problems).to.contain('openapi: must be 3.1.x');
    expect(problems).to.contain('path parameter {idOrCode} is not described');
    expect(problems).to.contain('responses.20x: not a status code');
    expect(problems).to.contain('$ref #/components/schemas/Nope does not resolve');
    expect(problems).to.contain('operationId createTicket is not unique');
    expect(problems).to.contain('security scheme basic is not declared');
    expect(problems).to.contain('webhooks.ticket.answered.post: unknown field summaryy');
  });
});
