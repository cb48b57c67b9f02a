import { expect } from 'chai';
import { api, startIntakeService, type IntakeService } from '../support/intake-service.js';
import { openApi31Problems } from '../support/openapi-structure.js';

describe('intake API documentation', function () {
  this.timeout(30_000);
  let svc: IntakeService;

  before(async () => {
    svc = await startIntakeService('intake-openapi');
  });
  after(async () => {
    await svc?.stop();
  });

  it('serves an OpenAPI 3.1 document generated from the validation schemas', async () => {
    const res = await api(svc.url, 'GET', '/api/v1/openapi.json');
    expect(res.status).to.equal(200);
    const doc = res.body;
    expect(doc.openapi).to.equal('3.1.0');
    expect(doc.components.securitySchemes.bearer).to.deep.include({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/tickets']).to.have.keys(['get', 'post']);
    expect(doc.paths['/tickets/{idOrCode}']).to.have.key('get');
    expect(doc.paths).to.include.keys(['/categories', '/departments', '/procedures']);

    const input = doc.components.schemas.TicketInput;
    expect(input.additionalProperties).to.equal(false);
    expect(input.required).to.include.members(['channel', 'citizen', 'category', 'subject', 'content']);
    // The category list comes from the routing table, not from a hand-written copy.
    expect(input.properties.category.enum).to.include.members(['heritage', 'conduct', 'other']);
    expect(input.properties.subject.maxLength).to.equal(200);
    expect(input.properties.location.properties.lat).to.deep.include({ minimum: -90, maximum: 90 });

    const ticket = doc.components.schemas.Ticket;
    expect(ticket.properties).to.include.keys(['id', 'code', 'status', 'routing', 'assignment']);
    expect(ticket.properties).not.to.have.any.keys(['idempotencyKey', 'requestHash', 'outbox', 'events']);
    expect(doc.components.schemas.Error.properties.error.required).to.include.members(['code', 'message']);
    const listParameters = doc.paths['/tickets'].get.parameters.map((p: { name: string }) => p.name);
    expect(listParameters).to.include.members([
      'status',
      'category',
      'department',
      'q',
      'overdue',
      'escalated',
      'cursor',
    ]);
  });

  it('is a valid OpenAPI 3.1 document, the switchboard webhook included', async () => {
    const doc = (await api(svc.url, 'GET', '/api/v1/openapi.json')).body;
    expect(openApi31Problems(doc)).to.deep.equal([]);
    expect(doc.paths).to.include.keys([
      '/stats',
      '/reports/export',
      '/access-log',
      '/citizen-data/search',
      '/tickets/{idOrCode}/closure',
      '/tickets/{idOrCode}/citizen-reply',
    ]);
    // Token scopes in the security requirement, roles beside it.
    expect(doc.paths['/tickets'].post.security).to.deep.equal([{ bearer: ['intake'] }]);
    expect(doc.paths['/stats'].get['x-roles']).to.deep.equal(['chief', 'reviewer', 'admin']);
    expect(doc.paths['/openapi.json'].get.security).to.deep.equal([]);

    const webhook = doc.webhooks['ticket.answered'].post;
    const headers = webhook.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
    expect(headers).to.have.members([
      'header:X-Hotline-Delivery',
      'header:X-Hotline-Timestamp',
      'header:X-Hotline-Signature',
    ]);
    const payload = doc.components.schemas.TicketAnsweredEvent;
    expect(payload.required).to.include.members(['event', 'deliveryId', 'ticketId', 'code', 'onTime']);
    expect(payload.additionalProperties).to.equal(false);
    // No citizen data and no answer text ever leave in the webhook.
    expect(payload.properties).not.to.have.any.keys(['citizen', 'text', 'answer']);
  });

  it('serves a readable docs page without any script', async () => {
    const res = await fetch(`${svc.url}/api/v1/docs`);
    const html = await res.text();
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.contain('text/html');
    expect(html).to.contain('/api/v1/tickets').and.contain('citizen.phone').and.contain('Idempotency-Key');
    expect(html).to.contain('Ghi nhận một cuộc gọi thành phiếu');
    // Every operation, who may call it, and the webhook the switchboard receives.
    expect(html).to.contain('/api/v1/stats').and.contain('/api/v1/citizen-data/anonymise');
    expect(html).to.contain('Vai trò: chief, reviewer, admin');
    expect(html).to.contain('phạm vi mã truy cập: intake');
    expect(html)
      .to.contain('SWITCHBOARD_WEBHOOK_URL (ticket.answered)')
      .and.contain('X-Hotline-Signature (header)');
    expect(html).not.to.match(/<script/i);
  });
});
