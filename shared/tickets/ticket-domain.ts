import { loadCalendarData } from '../../config/calendar-data.js';
import { loadRoutingTable, type RoutingTable, type Unit } from '../../config/routing-table.js';
import { loadSlaPolicy, type Official, type SlaPolicy } from '../../config/sla-policy.js';
import { loadPrivacyPolicy, type PrivacyPolicy } from '../../config/privacy-policy.js';
import { STAFF_ROLES } from '../db/models/staff.model.js';
import { missingOfficialScheduleMessage } from '../calendar/working-calendar.js';
import type { YearSchedule } from '../calendar/year-schedule.js';
import { createCalendars, type Calendars } from './calendars.js';

/** The organisation the administrator edits: units, categories, procedures, role holders, official calendars. */
export interface Organisation {
  table: RoutingTable;
  /** Official schedules by year (days off, make-up working days); other years are derived. */
  officialYears: ReadonlyMap<number, YearSchedule>;
  /** The SLA policy the version holds; absent (a version saved before the SLA page), the policy file's. */
  policy?: SlaPolicy;
}

/**
 * The Department's rules: who answers, by when, who is told. The organisation part is live: the
 * `/admin` pages store versions in MongoDB, and `refresh()` (called before each request and each job)
 * swaps in the newest one, so new work follows a change at once in every process without a restart.
 * Read `table`, `calendars` … afresh each time rather than keeping them: a held copy goes stale.
 */
export interface TicketDomain {
  readonly table: RoutingTable;
  /** Spans, reminder and escalation chain: live like the organisation (the `/admin/sla` page). */
  readonly policy: SlaPolicy;
  /** Who sees confidential identities, who may export identities, how long data is kept. */
  readonly privacy: PrivacyPolicy;
  readonly calendars: Calendars;
  readonly officialYears: ReadonlyMap<number, YearSchedule>;
  /** The stored organisation version in use; 0 before the first refresh (the seed files). */
  readonly version: number;
  unit(code: string): Unit | undefined;
  officialEmail(official: Official): string;
  /** The holder's title as shown to people; a role the data no longer has (an old event) reads "lãnh đạo Sở". */
  officialTitle(official: string): string;
  categoryName(code: string): string;
  /** A value computed from the organisation (a schema, a document), rebuilt only when the version changes. */
  derived<T>(key: string, build: (domain: TicketDomain) => T): T;
  /**
   * Brings the organisation up to date with the store, if one is attached (shared/organisation/);
   * `force` skips the short cache (after this process saved a version).
   */
  refresh(options?: { force?: boolean }): Promise<void>;
  /** Installs a newer organisation; the store's sync calls it. */
  install(organisation: Organisation, version: number): void;
  /** Sets what `refresh()` does (the store's sync); without it, refresh does nothing. */
  attachRefresh(refresh: (force: boolean) => Promise<void>): void;
}

interface Snapshot {
  table: RoutingTable;
  policy: SlaPolicy;
  officialYears: ReadonlyMap<number, YearSchedule>;
  calendars: Calendars;
  units: Map<string, Unit>;
  categories: Map<string, string>;
  version: number;
  derived: Map<string, unknown>;
}

export function createTicketDomain(options: {
  policyFile?: string;
  privacyPolicyFile?: string;
  /** Organisation file instead of `config/departments.json` (DEPARTMENTS_FILE). */
  tableFile?: string;
  warn: (message: string) => void;
  table?: RoutingTable;
  policy?: SlaPolicy;
  privacy?: PrivacyPolicy;
}): TicketDomain {
  const policy = options.policy ?? loadSlaPolicy(options.policyFile);
  const privacy = options.privacy ?? loadPrivacyPolicy(options.privacyPolicyFile, STAFF_ROLES);
  const build = (organisation: Organisation, version: number): Snapshot => ({
    table: organisation.table,
    policy: organisation.policy ?? policy,
    officialYears: organisation.officialYears,
    calendars: createCalendars(organisation.table, {
      officialYears: new Map(organisation.officialYears),
      onDerivedYear: (year) => options.warn(`Working calendar: ${missingOfficialScheduleMessage(year)}`),
    }),
    units: new Map(organisation.table.units.map((unit) => [unit.code, unit])),
    categories: new Map(organisation.table.categories.map((category) => [category.code, category.name])),
    version,
    derived: new Map(),
  });
  let current = build(
    { table: options.table ?? loadRoutingTable(options.tableFile), officialYears: loadCalendarData() },
    0,
  );
  let refresher: ((force: boolean) => Promise<void>) | undefined;
  const domain: TicketDomain = {
    get table() {
      return current.table;
    },
    get policy() {
      return current.policy;
    },
    privacy,
    get calendars() {
      return current.calendars;
    },
    get officialYears() {
      return current.officialYears;
    },
    get version() {
      return current.version;
    },
    unit: (code) => current.units.get(code),
    officialEmail: (official) => current.table.officials[official].email,
    officialTitle: (official) =>
      Object.hasOwn(current.table.officials, official)
        ? current.table.officials[official as Official].title
        : 'lãnh đạo Sở',
    categoryName: (code) => current.categories.get(code) ?? code,
    derived<T>(key: string, make: (domain: TicketDomain) => T): T {
      const snapshot = current;
      if (!snapshot.derived.has(key)) snapshot.derived.set(key, make(domain));
      return snapshot.derived.get(key) as T;
    },
    refresh: (refreshOptions) => (refresher ? refresher(refreshOptions?.force ?? false) : Promise.resolve()),
    install(organisation, version) {
      current = build(organisation, version);
    },
    attachRefresh(refresh) {
      refresher = refresh;
    },
  };
  return domain;
}
