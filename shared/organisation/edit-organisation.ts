import type { RoutingTable } from '../../config/routing-table.js';
import type { SlaPolicy } from '../../config/sla-policy.js';
import type { YearSchedule } from '../calendar/year-schedule.js';
import { AppError } from '../errors/app-error.js';
import type { TicketDomain } from '../tickets/ticket-domain.js';
import { organisationData, parseOrganisation } from './organisation-data.js';
import { findVersion, latestVersion, saveVersion, seedIfEmpty, type VersionAuthor } from './organisation-store.js';

/** The editable copy a change works on: the table, the official calendars and the SLA policy as JSON, exactly as stored. */
export interface EditableOrganisation {
  table: RoutingTable;
  calendar: YearSchedule[];
  /** A version saved before the SLA page holds none: the draft starts from the policy in force (the file's). */
  policy: SlaPolicy;
}

/** Refuses a change with a Vietnamese message for one form field; nothing is saved. */
export function refuse(field: string, message: string): never {
  throw new AppError(400, 'VALIDATION_FAILED', { message, details: [{ path: field, message }] });
}

/**
 * Applies one administrator's change as a new version: reads the version in force, lets `edit`
 * change a copy and say what it changed (Vietnamese lines for the history), validates the result as
 * strictly as the files are validated at start-up, then stores it. A refusal (from `edit` or from the
 * schemas) changes nothing; a concurrent save by someone else is refused with CONFLICT.
 */
export async function changeOrganisation(
  domain: TicketDomain,
  author: VersionAuthor,
  now: Date,
  edit: (draft: EditableOrganisation) => string[],
): Promise<number> {
  await seedIfEmpty(organisationData(domain), now);
  const current = await latestVersion();
  if (!current) throw new AppError(409, 'CONFLICT');
  const draft = structuredClone({
    table: current.table,
    calendar: current.calendar,
    policy: current.policy ?? domain.policy,
  }) as EditableOrganisation;
  const changes = edit(draft);
  if (changes.length === 0) refuse('form', 'Không có thay đổi nào để lưu.');
  const parsed = parseOrganisation(draft);
  if (!parsed.ok) {
    throw new AppError(400, 'VALIDATION_FAILED', {
      message: `Thay đổi không được lưu: ${parsed.problems.map((p) => p.message).join(' ')}`,
      details: parsed.problems,
    });
  }
  const version = await saveVersion({ basedOn: current.version, data: draft, by: author, changes, at: now });
  await domain.refresh({ force: true });
  return version;
}

/**
 * Brings back the content of an earlier version as a new version (history is never rewritten), so a
 * restore can itself be undone. Its content is validated again: a version the current schema refuses
 * is not restored.
 */
export async function restoreOrganisationVersion(
  domain: TicketDomain,
  author: VersionAuthor,
  now: Date,
  version: number,
): Promise<number> {
  const target = await findVersion(version);
  if (!target) throw new AppError(404, 'NOT_FOUND');
  const current = await latestVersion();
  if (!current) throw new AppError(409, 'CONFLICT');
  if (current.version === version) refuse('version', `Phiên bản ${version} đang được áp dụng.`);
  const parsed = parseOrganisation(target);
  if (!parsed.ok) refuse('version', `Phiên bản ${version} không còn hợp lệ nên không khôi phục được.`);
  const saved = await saveVersion({
    basedOn: current.version,
    data: { table: target.table, calendar: target.calendar, ...(target.policy !== undefined ? { policy: target.policy } : {}) },
    by: author,
    changes: [`Khôi phục nội dung phiên bản ${version}`],
    at: now,
    restoredFrom: version,
  });
  await domain.refresh({ force: true });
  return saved;
}
