// Typed access to command fields, failing with MongoDB's error codes on malformed input.
import { isPlainObject, type Doc } from './bson-order.js';
import type { CursorRegistry } from './cursor-registry.js';
import { CommandError, ErrorCode, unsupported } from './errors.js';
import { hintedScan } from './hint.js';
import { compileFilter } from './query-engine.js';
import { validateCollectionName, type Store } from './store.js';

export interface CommandContext {
  store: Store;
  cursors: CursorRegistry;
  /** `$db` of the command */
  db: string;
  connectionId: number;
}

export interface CommandDefinition {
  run(command: Doc, ctx: CommandContext): Doc;
  /** Fields the command understands besides its name and the generic ones; 'any' skips the check. */
  fields: readonly string[] | 'any';
}

export type CommandTable = Record<string, CommandDefinition>;

const typeError = (field: string, expected: string, value: unknown) =>
  new CommandError(
    ErrorCode.TypeMismatch,
    `BSON field '${field}' is the wrong type '${typeof value}', expected type '${expected}'`,
  );

/** The collection a command like `{ find: 'users' }` targets. */
export function collectionArg(command: Doc, name: string): string {
  return validateCollectionName(command[name]);
}

export function docArg(command: Doc, field: string): Doc | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw typeError(field, 'object', value);
  return value;
}

export function requiredDocArg(command: Doc, field: string): Doc {
  const value = docArg(command, field);
  if (!value) throw new CommandError(40414, `BSON field '${field}' is missing but a required field`);
  return value;
}

export function arrayArg(command: Doc, field: string): unknown[] {
  const value = command[field];
  if (!Array.isArray(value)) throw typeError(field, 'array', value);
  return value;
}

export function boolArg(command: Doc, field: string, fallback = false): boolean {
  const value = command[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  throw typeError(field, 'bool', value);
}

export function intArg(command: Doc, field: string): number | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(field, 'int', value);
  return value;
}

/**
 * Rejects fields the stand-in does not implement, so that e.g. a `collation` is never silently
 * ignored. `known` lists the fields of `what` that are implemented (or are safe to ignore).
 */
export function checkFields(
  doc: Doc,
  known: readonly string[],
  what: string,
  ignorable: ReadonlySet<string> = new Set(),
): void {
  for (const field of Object.keys(doc)) {
    if (!known.includes(field) && !ignorable.has(field)) throw unsupported(`the field '${field}' of ${what}`);
  }
}

/**
 * Documents of `db.name` matching `filter`, in the order of the hinted index (natural order without
 * one); a missing collection has none (the filter and hint are still validated).
 */
export function matchingDocuments(
  ctx: CommandContext,
  name: string,
  filter: unknown,
  limit?: number,
  hint?: unknown,
): Doc[] {
  const collection = ctx.store.collection(ctx.db, name);
  const scan = hintedScan(collection, hint);
  if (!collection) {
    compileFilter(filter);
    return [];
  }
  if (hint === undefined) return collection.find(filter, limit);
  return scan(collection.find(filter)).slice(0, limit);
}
