import { expect } from 'chai';
import { loadRoutingTable } from '../../config/routing-table.js';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { api, startIntakeService, ticketBody, type IntakeService } from '../support/intake-service.js';

const REMIT_2025 = [
  'press',
  'publishing',
  'radio_television',
  'electronic_information',
  'grassroots_information',
  'external_information',
  'advertising',
  'national_symbols',
];

describe('intake: the 2025 remit and the organisation seeded into MongoDB', function () {
  let svc: IntakeService;
  const table = loadRoutingTable();

  before(async () => {
    svc = await startIntakeService('organisation-2025');
  });
  after(async () => {
    await svc?.stop();
  });

  it('offers the 2025 categories with Vietnamese labels in the API, its OpenAPI document and the operator form', async () => {
    const categories = await api(svc.url, 'GET', '/api/v1/categories', { token: svc.tokens.operator });
    const openapi = JSON.stringify((await api(svc.url, 'GET', '/api/v1/openapi.json')).body);
    for (const code of REMIT_2025) {
      const name = table.categories.find((category) => category.code === code)!.name;
      expect(categories.body.items).to.deep.include({ code, name });
      expect(openapi).to.contain(`${code} (${name})`);
    }
  });

  it('accepts a ticket in a new category', async () => {
    const created = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      body: ticketBody({ category: 'national_symbols', subject: 'Treo Quốc kỳ rách, bạc màu tại trụ sở' }),
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect((await Ticket.findOne({ code: created.body.code }).lean())?.category).to.equal('national_symbols');
  });

  it('stored the seed files as version 1 on the first start', async () => {
    expect(svc.service.ctx.domain.version).to.equal(1);
    expect(svc.service.ctx.domain.table.officials.conductReviewer.title).to.equal(table.officials.conductReviewer.title);
  });
});
