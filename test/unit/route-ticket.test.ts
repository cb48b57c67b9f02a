import { expect } from 'chai';
import { loadRoutingTable, RoutingTableSchema } from '../../config/routing-table.js';
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

  it('sends conduct complaints to the unit the data designates (by default the Office), whatever procedure they name', () => {
    expect(routeTicket(table, { category: 'conduct', procedureCode: 'DT-DL-01' })).to.deep.equal({
      unitCode: 'VP',
      informed: [],
      rule: 'conduct',
    });
  });

  it('with the 2020 example layout, sends conduct complaints to its Inspectorate with the Office informed', () => {
    const layout2020 = loadRoutingTable(new URL('../../config/examples/departments-2020.json', import.meta.url));
    expect(routeTicket(layout2020, { category: 'conduct', procedureCode: 'DT-DL-01' })).to.deep.equal({
      unitCode: 'TTRA',
      informed: ['VP'],
      rule: 'conduct',
    });
    expect(layout2020.officials.conductReviewer.title).to.equal('Chánh Thanh tra Sở');
  });

  it('routes every category of the 2025 remit to a unit, each unit and category saying its source', () => {
    for (const category of ['press', 'publishing', 'radio_television', 'electronic_information', 'grassroots_information', 'external_information', 'advertising', 'national_symbols']) {
      expect(routeTicket(table, { category }).rule, category).to.equal('category');
    }
    for (const item of [...table.units, ...table.categories]) expect(item.source, item.code).to.have.length.greaterThan(3);
  });

  it('refuses a table where a category has no unit', () => {
    const orphan = { ...table, categories: [...table.categories, { code: 'orphan', name: 'Không ai xử lý', source: 'thử nghiệm' }] };
    expect(RoutingTableSchema.safeParse(orphan).success).to.equal(false);
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
