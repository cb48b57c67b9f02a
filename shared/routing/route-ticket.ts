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
 * Who answers a ticket. Conduct complaints go to the unit that handles the conduct category (whichever
 * unit the Director designates; the data says which), with `conductInformed` told, whatever procedure
 * they name; a known procedure goes
 * to the unit that owns it; otherwise the category's unit; anything unmatched to the Office for triage.
 */
export function routeTicket(table: RoutingTable, input: RoutingInput): RoutingDecision {
  if (input.category === CONDUCT_CATEGORY) {
    const reviewing = table.units.find((unit) => unit.categories.includes(CONDUCT_CATEGORY));
    if (reviewing) {
      return {
        unitCode: reviewing.code,
        informed: table.conductInformed.filter((code) => code !== reviewing.code),
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
