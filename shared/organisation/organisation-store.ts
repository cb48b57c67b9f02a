import { OrganisationVersion } from '../db/models/organisation-version.model.js';
import { AppError } from '../errors/app-error.js';
import type { OrganisationData } from './organisation-data.js';

export interface VersionAuthor {
  email: string;
  name: string;
}

export interface StoredOrganisationVersion extends OrganisationData {
  version: number;
  at: Date;
  by: VersionAuthor;
  changes: string[];
  restoredFrom?: number;
}

const SEED_AUTHOR: VersionAuthor = { email: 'seed', name: 'Khởi tạo từ tệp cấu hình' };

function plain(doc: Record<string, unknown>): StoredOrganisationVersion {
  return {
    version: doc.version as number,
    at: doc.at as Date,
    by: doc.by as VersionAuthor,
    changes: (doc.changes as string[] | undefined) ?? [],
    ...(typeof doc.restoredFrom === 'number' ? { restoredFrom: doc.restoredFrom } : {}),
    table: doc.table,
    calendar: (doc.calendar as unknown[] | undefined) ?? [],
    ...(doc.policy !== undefined && doc.policy !== null ? { policy: doc.policy } : {}),
  };
}

/** The number of the version in force, or 0 when nothing is stored yet (one indexed read). */
export async function latestVersionNumber(): Promise<number> {
  const doc = await OrganisationVersion.findOne({}, { version: 1 }).sort({ version: -1 }).lean();
  return (doc?.version as number | undefined) ?? 0;
}

export async function findVersion(version: number): Promise<StoredOrganisationVersion | undefined> {
  const doc = await OrganisationVersion.findOne({ version }).lean();
  return doc ? plain(doc as Record<string, unknown>) : undefined;
}

export async function latestVersion(): Promise<StoredOrganisationVersion | undefined> {
  const doc = await OrganisationVersion.findOne({}).sort({ version: -1 }).lean();
  return doc ? plain(doc as Record<string, unknown>) : undefined;
}

/** Newest first, without the content (the change history page). */
export async function listVersions(limit = 50): Promise<Array<Omit<StoredOrganisationVersion, 'table' | 'calendar' | 'policy'>>> {
  const docs = await OrganisationVersion.find({}, { table: 0, calendar: 0, policy: 0 }).sort({ version: -1 }).limit(limit).lean();
  return docs.map((doc) => {
    const { table: _t, calendar: _c, policy: _p, ...rest } = plain({ ...(doc as Record<string, unknown>), table: null, calendar: [] });
    return rest;
  });
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * Adds version `basedOn + 1`. If another administrator saved first, the unique index refuses it and
 * nothing changes: the caller shows CONFLICT ("reload the page") rather than overwrite their change.
 */
export async function saveVersion(entry: {
  basedOn: number;
  data: OrganisationData;
  by: VersionAuthor;
  changes: string[];
  at: Date;
  restoredFrom?: number;
}): Promise<number> {
  const version = entry.basedOn + 1;
  try {
    await OrganisationVersion.create({
      version,
      at: entry.at,
      by: entry.by,
      changes: entry.changes,
      ...(entry.restoredFrom !== undefined ? { restoredFrom: entry.restoredFrom } : {}),
      table: entry.data.table,
      calendar: entry.data.calendar,
      ...(entry.data.policy !== undefined ? { policy: entry.data.policy } : {}),
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw new AppError(409, 'CONFLICT', { cause: error });
    throw error;
  }
  return version;
}

/** First start: stores the files' organisation as version 1. Two processes starting at once store it once. */
export async function seedIfEmpty(data: OrganisationData, at: Date): Promise<void> {
  if ((await latestVersionNumber()) > 0) return;
  try {
    await saveVersion({ basedOn: 0, data, by: SEED_AUTHOR, changes: ['Khởi tạo từ các tệp trong config/'], at });
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
  }
}
