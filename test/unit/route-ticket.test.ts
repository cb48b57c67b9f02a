import { expect } from 'chai';
import { loadRoutingTable } from '../../config/routing-table.js';
import { routeTicket } from '../../shared/routing/route-ticket.js';

describe('routing rules', () => {
  const table = loadRoutingTable();

  it('sends each category to the unit that handles it', () => {
    expect(routeTicket(table, { category: 'entertainment_licensing' })).to.deep.equal({ unitCode: 'QLVH', informed: [], rule: 'category' });
    expect(routeTicket(table, { category: 'heritage' }).unitCode).to.equal('QLDS');
    expect(routeTicket(table, { category: 'library' }).unitCode).to.equal('TVT');
    expect(routeTicket(table, { category: 'tourism_promotion' }).unitCode).to.equal('TTXTDL');
    expect(routeTicket(table, { category: 'sports_training' }).unitCode).to.equal('TTHLTD');
  });

  it('sends conduct complaints to the Inspectorate with the Office informed, whatever procedure they name', () => {
    expect(routeTicket(table, { category: 'conduct', procedureCode: 'DT-DL-01' })).to.deep.equal({
      unitCode: 'TTRA',
      informed: ['VP'],
      rule: 'conduct',
    });
  });

  it('sends a known procedure to the unit that owns it, ahead of the category', () => {
    expect(routeTicket(table, { category: 'procedure', procedureCode: 'DT-DL-01' })).to.deep.equal({
      unitCode: 'QLDL',
      informed: [],
      rule: 'procedure',
    });
    expect(routeTicket(table, { category: 'other', procedureCode: 'DT-VH-01' }).unitCode).to.equal('QLVH');
  });

  it('falls back to the category when the procedure code is unknown', () => {
    expect(routeTicket(table, { category: 'heritage', procedureCode: 'NO-SUCH' })).to.deep.include({ unitCode: 'QLDS', rule: 'category' });
  });

  it('sends anything unmatched to the Office for triage', () => {
    expect(routeTicket(table, { category: 'not-a-category' })).to.deep.equal({ unitCode: 'VP', informed: [], rule: 'triage' });
  });

  it('refuses a routing table where a category is handled by two units', async () => {
    const { RoutingTableSchema } = await import('../../config/routing-table.js');
    const broken = structuredClone(table);
    broken.units[1]!.categories.push('heritage');
    const result = RoutingTableSchema.safeParse(broken);
    expect(result.success).to.equal(false);
    expect(JSON.stringify(result.error?.issues)).to.contain('handled by two units');
  });
});
