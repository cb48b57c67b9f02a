import { loadRoutingTable, type RoutingTable, type Unit } from '../../config/routing-table.js';
import { loadSlaPolicy, type Official, type SlaPolicy } from '../../config/sla-policy.js';
import { loadPrivacyPolicy, type PrivacyPolicy } from '../../config/privacy-policy.js';
import { STAFF_ROLES } from '../db/models/staff.model.js';
import { missingOfficialScheduleMessage } from '../calendar/working-calendar.js';
import { createCalendars, type Calendars } from './calendars.js';

/** The Department's rules, loaded and validated once per process: who answers, by when, who is told. */
export interface TicketDomain {
  table: RoutingTable;
  policy: SlaPolicy;
  /** Who sees confidential identities, who may export identities, how long data is kept. */
  privacy: PrivacyPolicy;
  calendars: Calendars;
  unit(code: string): Unit | undefined;
  officialEmail(official: Official): string;
  categoryName(code: string): string;
}

export function createTicketDomain(options: {
  policyFile?: string;
  privacyPolicyFile?: string;
  warn: (message: string) => void;
  table?: RoutingTable;
  policy?: SlaPolicy;
  privacy?: PrivacyPolicy;
}): TicketDomain {
  const table = options.table ?? loadRoutingTable();
  const policy = options.policy ?? loadSlaPolicy(options.policyFile);
  const privacy = options.privacy ?? loadPrivacyPolicy(options.privacyPolicyFile, STAFF_ROLES);
  const calendars = createCalendars(table, {
    onDerivedYear: (year) => options.warn(`Working calendar: ${missingOfficialScheduleMessage(year)}`),
  });
  const units = new Map(table.units.map((unit) => [unit.code, unit]));
  const categories = new Map(table.categories.map((category) => [category.code, category.name]));
  return {
    table,
    policy,
    privacy,
    calendars,
    unit: (code) => units.get(code),
    officialEmail: (official) => table.officials[official].email,
    categoryName: (code) => categories.get(code) ?? code,
  };
}
