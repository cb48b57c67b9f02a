import type { RoutingTable } from '../../config/routing-table.js';

export interface RoutingInput {
  category: string;
  procedureCode?: string | null;
}

export interface RoutingDecision {
  unitCode: string;
  /** Units told of the ticket without having to answer it. */
  informed: string[];
  rule: 'conduct' | 'procedure' | 'category' | 'triage';
}

export const CONDUCT_CATEGORY = 'conduct';

/**
 * Who answers a ticket. Conduct complaints go to the Inspectorate (Thanh tra Sở) with the Office
 * informed, as the director's order charges the Chief Inspector with them; a known procedure goes
 * to the unit that owns it; otherwise the category's unit; anything unmatched to the Office for triage.
 */
export function routeTicket(table: RoutingTable, input: RoutingInput): RoutingDecision {
  if (input.category === CONDUCT_CATEGORY) {
    const inspectorate = table.units.find((unit) => unit.categories.includes(CONDUCT_CATEGORY));
    if (inspectorate) {
      return {
        unitCode: inspectorate.code,
        informed: table.conductInformed.filter((code) => code !== inspectorate.code),
        rule: 'conduct',
      };
    }
  }
  if (input.procedureCode) {
    const procedure = table.procedures.find((p) => p.code === input.procedureCode);
    if (procedure) return { unitCode: procedure.unit, informed: [], rule: 'procedure' };
  }
  const unit = table.units.find((candidate) => candidate.categories.includes(input.category));
  if (unit) return { unitCode: unit.code, informed: [], rule: 'category' };
  return { unitCode: table.triageUnit, informed: [], rule: 'triage' };
}
