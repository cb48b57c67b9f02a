import { RoutingTableSchema, type RoutingTable } from '../../config/routing-table.js';
import { SlaPolicySchema, type SlaPolicy } from '../../config/sla-policy.js';
import { YearScheduleSchema, type YearSchedule } from '../calendar/year-schedule.js';
import type { Organisation } from '../tickets/ticket-domain.js';
import { problemVi, type OrganisationProblem } from './organisation-problems-vi.js';

/** The organisation as stored and as the files hold it: plain JSON. */
export interface OrganisationData {
  table: unknown;
  calendar: unknown[];
  /** The SLA policy; absent in versions saved before it was editable (the policy file applies). */
  policy?: unknown;
}

export type ParsedOrganisation =
  | { ok: true; organisation: Organisation }
  | { ok: false; problems: OrganisationProblem[] };

/**
 * Validates stored or edited organisation data exactly as the files are validated at start-up (the
 * same zod schemas), plus one year per calendar entry. Problems come back in Vietnamese, by path.
 * The SLA policy is validated like `config/sla-policy.json`, and its categories must exist.
 */
export function parseOrganisation(data: OrganisationData): ParsedOrganisation {
  const problems: OrganisationProblem[] = [];
  const table = RoutingTableSchema.safeParse(data.table);
  if (!table.success) {
    for (const issue of table.error.issues) problems.push(problemVi('table', issue));
  }
  const years = new Map<number, YearSchedule>();
  data.calendar.forEach((raw, index) => {
    const schedule = YearScheduleSchema.safeParse(raw);
    if (!schedule.success) {
      for (const issue of schedule.error.issues) problems.push(problemVi(`calendar.${index}`, issue));
      return;
    }
    if (years.has(schedule.data.year)) {
      problems.push({ path: `calendar.${index}.year`, message: `Năm ${schedule.data.year} có hai lịch.` });
    }
    years.set(schedule.data.year, schedule.data);
  });
  let policy: SlaPolicy | undefined;
  if (data.policy !== undefined) {
    const parsed = SlaPolicySchema.safeParse(data.policy);
    if (!parsed.success) for (const issue of parsed.error.issues) problems.push(problemVi('policy', issue));
    else policy = parsed.data;
  }
  if (problems.length > 0 || !table.success) return { ok: false, problems };
  if (policy) {
    const known = new Set(table.data.categories.map((category) => category.code));
    for (const code of Object.keys(policy.categoryDeadlines)) {
      if (!known.has(code)) problems.push({ path: `policy.categoryDeadlines.${code}`, message: `Thời hạn riêng cho lĩnh vực ${code}, lĩnh vực này không có trong danh mục.` });
    }
    if (problems.length > 0) return { ok: false, problems };
  }
  return {
    ok: true,
    organisation: {
      table: table.data,
      officialYears: new Map([...years].sort(([a], [b]) => a - b)),
      ...(policy ? { policy } : {}),
    },
  };
}

/** The organisation as JSON to store (the inverse of parseOrganisation). */
export function organisationData(organisation: {
  table: RoutingTable;
  officialYears: ReadonlyMap<number, YearSchedule>;
  policy: SlaPolicy;
}): OrganisationData {
  return {
    table: structuredClone(organisation.table),
    calendar: [...organisation.officialYears.values()].map((schedule) => structuredClone(schedule)),
    policy: structuredClone(organisation.policy),
  };
}
