import { createHash } from 'node:crypto';
import mongoose from 'mongoose';

/**
 * Per collection: how many documents, and a sha256 of all of them in `_id` order; for an
 * append-only collection also each document's own hash, so that new rows are allowed and changed
 * old rows are not.
 */
export type DatabaseSnapshot = Record<string, { count: number; hash: string; rows?: string[] }>;

/**
 * The access log (issues 14, 16) grows with refused requests, and must: a failed login is an event,
 * and a form that comes back with a 400 still showed the citizen's identity. Nothing in it may change.
 */
const APPEND_ONLY = new Set(['staff_events']);

/**
 * Fields that change without anyone writing data: an API token's `lastUsedAt` is refreshed (at most
 * once a minute) by any authenticated request, whatever its outcome.
 */
const VOLATILE_FIELDS: Record<string, string[]> = { apitokens: ['lastUsedAt'] };

/** Counts and hashes every document of every collection of the current database. */
export async function snapshotDatabase(): Promise<DatabaseSnapshot> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('mongoose is not connected');
  const snapshot: DatabaseSnapshot = {};
  const collections = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  for (const name of collections) {
    const documents = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
    const hash = createHash('sha256');
    const rows: string[] = [];
    for (const document of documents) {
      for (const field of VOLATILE_FIELDS[name] ?? []) delete document[field];
      const text = mongoose.mongo.BSON.EJSON.stringify(document, { relaxed: false });
      hash.update(text);
      hash.update('\n');
      if (APPEND_ONLY.has(name)) rows.push(createHash('sha256').update(text).digest('hex'));
    }
    snapshot[name] = {
      count: documents.length,
      hash: hash.digest('hex'),
      ...(APPEND_ONLY.has(name) ? { rows } : {}),
    };
  }
  return snapshot;
}

/** The collections whose count or content differ between two snapshots, described for a failure message. */
export function snapshotDifferences(before: DatabaseSnapshot, after: DatabaseSnapshot): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.flatMap((name) => {
    const a = before[name];
    const b = after[name];
    if (a?.hash === b?.hash && a?.count === b?.count) return [];
    if (APPEND_ONLY.has(name)) {
      const kept = (a?.rows ?? []).every((row, i) => b?.rows?.[i] === row);
      return kept ? [] : [`${name}: an existing row changed or disappeared (append-only)`];
    }
    return [
      `${name}: ${a?.count ?? 'absent'} → ${b?.count ?? 'absent'} documents${a?.count === b?.count ? ' (content changed)' : ''}`,
    ];
  });
}
