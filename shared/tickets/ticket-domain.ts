import { loadRoutingTable, type RoutingTable, type Unit } from '../../config/routing-table.js';
import { loadSlaPolicy, type Official, type SlaPolicy } from '../../config/sla-policy.js';
import { missingOfficialScheduleMessage } from '../calendar/working-calendar.js';
import { createCalendars, type Calendars } from './calendars.js';

/** The Department's rules, loaded and validated once per process: who answers, by when, who is told. */
export interface TicketDomain {
  table: RoutingTable;
  policy: SlaPolicy;
  calendars: Calendars;
  unit(code: string): Unit | undefined;
  officialEmail(official: Official): string;
  categoryName(code: string): string;
}

export function createTicketDomain(options: {
  policyFile?: string;
  warn: (message: string) => void;
  table?: RoutingTable;
  policy?: SlaPolicy;
}): TicketDomain {
  const table = options.table ?? loadRoutingTable();
  const policy = options.policy ?? loadSlaPolicy(options.policyFile);
  const calendars = createCalendars(table, {
    onDerivedYear: (year) => options.warn(`Working calendar: ${missingOfficialScheduleMessage(year)}`),
  });
  const units = new Map(table.units.map((unit) => [unit.code, unit]));
  const categories = new Map(table.categories.map((category) => [category.code, category.name]));
  return {
    table,
    policy,
    calendars,
    unit: (code) => units.get(code),
    officialEmail: (official) => table.officials[official].email,
    categoryName: (code) => categories.get(code) ?? code,
  };
}
