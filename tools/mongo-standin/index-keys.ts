import { bsonTag, canonicalKey, isPlainObject, type Doc } from './bson-order.js';
import { CommandError, ErrorCode } from './errors.js';
import { flatValuesAtPath } from './field-path.js';
import type { IndexSpec } from './index-spec.js';

export interface IndexEntry {
  /** canonicalKey of the key tuple: equal for documents that collide in a unique index. */
  key: string;
  /** The `keyValue` MongoDB reports in a duplicate key error, e.g. `{ email: 'a@b.c' }`. */
  keyValue: Doc;
}

/**
 * The entries a document contributes to an index: none when a sparse index does not cover it or
 * it fails the partialFilterExpression, several when an indexed field holds an array (multikey).
 */
export function indexEntries(doc: Doc, spec: IndexSpec, inPartialIndex: (doc: Doc) => boolean): IndexEntry[] {
  if (!inPartialIndex(doc)) return [];
  const fields = Object.keys(spec.key);
  const valuesPerField = fields.map((field) => flatValuesAtPath(doc, field));
  if (spec.sparse && valuesPerField.every((values) => values.length === 0)) return [];
  const arrayFields = fields.filter((_, i) => (valuesPerField[i]?.length ?? 0) > 1);
  if (arrayFields.length > 1) {
    throw new CommandError(
      ErrorCode.CannotIndexParallelArrays,
      `cannot index parallel arrays [${arrayFields.join('] [')}]`,
    );
  }
  let tuples: unknown[][] = [[]];
  for (const values of valuesPerField) {
    const choices = values.length > 0 ? values : [null]; // a missing field is indexed as null
    tuples = tuples.flatMap((tuple) => choices.map((v) => [...tuple, v]));
  }
  const entries = new Map<string, IndexEntry>();
  for (const tuple of tuples) {
    const key = canonicalKey(tuple);
    entries.set(key, { key, keyValue: Object.fromEntries(fields.map((f, i) => [f, tuple[i]])) });
  }
  return [...entries.values()];
}

/** Shell-like rendering used inside E11000 messages: `{ email: "a@b.c" }`. */
export function describeKey(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (Array.isArray(value)) return `[ ${value.map(describeKey).join(', ')} ]`;
  if (isPlainObject(value)) {
    const fields = Object.entries(value).map(([k, v]) => `${k}: ${describeKey(v)}`);
    return fields.length ? `{ ${fields.join(', ')} }` : '{}';
  }
  const tag = bsonTag(value);
  if (tag === 'ObjectId') return `ObjectId('${String(value)}')`;
  return tag ? `${tag}(${JSON.stringify(String(value))})` : String(value);
}

export function duplicateKeyError(
  namespace: string,
  spec: IndexSpec,
  keyValue: Doc,
  prefix = '',
): CommandError {
  return new CommandError(
    ErrorCode.DuplicateKey,
    `${prefix}E11000 duplicate key error collection: ${namespace} index: ${spec.name} dup key: ${describeKey(keyValue)}`,
    { keyPattern: spec.key, keyValue },
  );
}
