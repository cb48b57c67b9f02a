// Computes the new version of a document for update, findAndModify and upserts. The stored
// document is never touched: every function returns a fresh object for Collection.replace/insert.
import { bsonEquals, isPlainObject, type Doc } from './bson-order.js';
import { withId } from './document-id.js';
import { CommandError, ErrorCode } from './errors.js';
import { setPath } from './field-path.js';
import { describeKey } from './index-keys.js';
import { positionalIndex } from './positional-match.js';
import { cloneDocument, runPipeline } from './query-engine.js';
import { ARRAY_UPDATE_OPERATORS } from './array-update-operators.js';
import { parseArrayFilters, type ArrayFilters } from './array-filters.js';
import { FIELD_UPDATE_OPERATORS } from './field-update-operators.js';
import type { UpdateOperator } from './update-operator.js';
import {
  comparePaths,
  expandPath,
  overlaps,
  parseUpdatePath,
  type ExpandContext,
  type UpdatePath,
} from './update-paths.js';

type UpdateKind = 'operators' | 'replacement' | 'pipeline';

const PIPELINE_UPDATE_STAGES = new Set([
  '$addFields',
  '$set',
  '$project',
  '$unset',
  '$replaceRoot',
  '$replaceWith',
]);

export function classifyUpdate(update: unknown): UpdateKind {
  if (Array.isArray(update)) {
    for (const stage of update) {
      const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
      if (!name || !PIPELINE_UPDATE_STAGES.has(name)) {
        throw new CommandError(
          ErrorCode.BadValue,
          `${String(name)} is not allowed to be used within an update`,
        );
      }
    }
    return 'pipeline';
  }
  if (!isPlainObject(update)) {
    throw new CommandError(ErrorCode.FailedToParse, 'Update argument must be either an object or an array');
  }
  const keys = Object.keys(update);
  const operators = keys.filter((k) => k.startsWith('$'));
  if (operators.length === 0) return 'replacement';
  if (operators.length !== keys.length) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      `Unknown modifier: ${keys.find((k) => !k.startsWith('$'))}. Expected a valid update modifier or pipeline-style update specified as an array`,
    );
  }
  for (const op of operators) {
    if (!isPlainObject(update[op])) {
      throw new CommandError(
        ErrorCode.FailedToParse,
        `Modifiers operate on fields but we found type ${typeof update[op]} instead. For example: {$mod: {<field>: ...}} not {${op}: ${String(update[op])}}`,
      );
    }
  }
  return 'operators';
}

const immutableIdError = () =>
  new CommandError(
    ErrorCode.ImmutableField,
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );

const UPDATE_OPERATORS: Record<string, UpdateOperator> = {
  ...FIELD_UPDATE_OPERATORS,
  ...ARRAY_UPDATE_OPERATORS,
};

interface OperatorEntry {
  op: string;
  operator: UpdateOperator;
  path: UpdatePath;
  operand: unknown;
}

/** Parses every operator, operand and path once, before any document is looked at. */
function parseOperators(update: Doc, filters: ArrayFilters): OperatorEntry[] {
  const entries: OperatorEntry[] = [];
  const rawPaths: string[] = [];
  const used = new Set<string>();
  for (const [op, fields] of Object.entries(update)) {
    const operator = UPDATE_OPERATORS[op];
    if (!operator) {
      throw new CommandError(
        ErrorCode.FailedToParse,
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    for (const [text, value] of Object.entries(fields as Doc)) {
      const path = parseUpdatePath(text);
      const operand = operator.parse(value, text);
      if (operator.targetPath) {
        if (path.segments.some((s) => s.kind !== 'field')) {
          throw new CommandError(
            ErrorCode.BadValue,
            `The source field for $rename may not be dynamic: ${text}`,
          );
        }
        rawPaths.push(operator.targetPath(operand));
      }
      for (const segment of path.segments) {
        if (segment.kind !== 'filtered') continue;
        if (!filters.has(segment.id)) {
          throw new CommandError(
            ErrorCode.BadValue,
            `No array filter found for identifier '${segment.id}' in path '${text}'`,
          );
        }
        used.add(segment.id);
      }
      rawPaths.push(text);
      entries.push({ op, operator, path, operand });
    }
  }
  for (const id of filters.keys()) {
    if (!used.has(id)) {
      throw new CommandError(
        ErrorCode.FailedToParse,
        `The array filter for identifier '${id}' was not used in the update ${describeKey(update)}`,
      );
    }
  }
  assertNoConflictingPaths(rawPaths);
  return entries;
}

/** MongoDB's error 40 when two update paths are the same or one contains the other. */
function assertNoConflictingPaths(paths: string[]): void {
  for (const [i, a] of paths.entries()) {
    for (const b of paths.slice(i + 1)) {
      if (a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)) {
        throw new CommandError(
          ErrorCode.ConflictingUpdateOperators,
          `Updating the path '${b}' would create a conflict at '${a}'`,
        );
      }
    }
  }
}

interface Step {
  entry: OperatorEntry;
  parts: string[];
}

/**
 * Applies parsed operators to a copy of `original`, all or nothing: every path is expanded against
 * the document as matched, the steps run in MongoDB's path order, and any refusal throws before
 * the copy reaches the collection.
 */
function applyOperators(
  original: Doc,
  entries: OperatorEntry[],
  filters: ArrayFilters,
  filter: Doc,
  isUpsertInsert: boolean,
): Doc {
  const ctx: ExpandContext = {
    positional: (arrayPath) => (isUpsertInsert ? undefined : positionalIndex(original, filter, arrayPath)),
    arrayFilter: (id) => filters.get(id) ?? (() => false),
  };
  const steps: Step[] = [];
  for (const entry of entries) {
    if (entry.op === '$setOnInsert' && !isUpsertInsert) continue;
    for (const parts of expandPath(original, entry.path, ctx)) steps.push({ entry, parts });
  }
  assertNoConflictingSteps(steps);
  steps.sort((a, b) => comparePaths(a.parts, b.parts));
  const doc = cloneDocument(original);
  const env = { id: original._id, now: new Date() };
  for (const { entry, parts } of steps) {
    // https://www.mongodb.com/docs/manual/core/dot-dollar-considerations/dollar-prefix/
    if (!isUpsertInsert && parts[0]?.startsWith('$')) {
      throw new CommandError(
        ErrorCode.DollarPrefixedFieldName,
        `The dollar ($) prefixed field '${parts[0]}' in '${parts.join('.')}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
      );
    }
    entry.operator.apply(doc, parts, entry.operand, env);
  }
  if (original._id !== undefined && !bsonEquals(original._id, doc._id)) throw immutableIdError();
  return doc;
}

/** Two identifiers (or `$[]` and an index) reaching one element: error 40, as in MongoDB. */
function assertNoConflictingSteps(steps: Step[]): void {
  if (!steps.some((s) => s.entry.path.segments.some((segment) => segment.kind !== 'field'))) return;
  for (const [i, a] of steps.entries()) {
    for (const b of steps.slice(i + 1)) {
      if (overlaps(a.parts, b.parts)) {
        const shorter = a.parts.length <= b.parts.length ? a.parts : b.parts;
        throw new CommandError(
          ErrorCode.ConflictingUpdateOperators,
          `Update created a conflict at '${shorter.join('.')}'`,
        );
      }
    }
  }
}

function replaceDocument(original: Doc, replacement: Doc): Doc {
  const { _id, ...fields } = replacement;
  if (original._id !== undefined && _id !== undefined && !bsonEquals(original._id, _id)) {
    throw new CommandError(
      ErrorCode.ImmutableField,
      `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${describeKey(_id)}`,
    );
  }
  return { _id: original._id ?? _id, ...cloneDocument(fields) };
}

function applyPipeline(original: Doc, pipeline: unknown[]): Doc {
  const [result, ...extra] = runPipeline([original], pipeline);
  if (!result || extra.length > 0) {
    throw new CommandError(ErrorCode.BadValue, 'update pipeline must produce exactly one document');
  }
  if (original._id === undefined || result._id === undefined) return { _id: original._id, ...result };
  if (!bsonEquals(original._id, result._id)) throw immutableIdError();
  return result;
}

export interface CompiledUpdate {
  kind: UpdateKind;
  /** The updated copy of a matched document; `filter` is the query that matched it (for `$`). */
  apply(original: Doc, filter: Doc): Doc;
  /** The document an upsert inserts when `filter` matched nothing. */
  upsert(filter: Doc): Doc;
}

/** Validates an update once per statement, as MongoDB parses it before looking for documents. */
export function compileUpdate(update: unknown, arrayFilters?: unknown[]): CompiledUpdate {
  const kind = classifyUpdate(update);
  if (kind !== 'operators' && arrayFilters !== undefined) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      `arrayFilters may not be specified for ${kind === 'pipeline' ? 'pipeline' : 'replacement'}-style updates`,
    );
  }
  if (kind === 'replacement') {
    return {
      kind,
      apply: (original) => replaceDocument(original, update as Doc),
      upsert: (filter) => withId(replaceDocument({ _id: upsertSeed(filter)._id }, update as Doc)),
    };
  }
  if (kind === 'pipeline') {
    return {
      kind,
      apply: (original) => applyPipeline(original, update as unknown[]),
      upsert: (filter) => withId(applyPipeline(upsertSeed(filter), update as unknown[])),
    };
  }
  const filters = parseArrayFilters(arrayFilters ?? []);
  const entries = parseOperators(update as Doc, filters);
  return {
    kind,
    apply: (original, filter) => applyOperators(original, entries, filters, filter, false),
    upsert: (filter) => withId(applyOperators(upsertSeed(filter), entries, filters, filter, true)),
  };
}

/** Equality conditions of a filter (including inside $and) become fields of an upserted document. */
function upsertSeed(filter: Doc, seed: Doc = {}): Doc {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) if (isPlainObject(part)) upsertSeed(part, seed);
    } else if (key.startsWith('$') || value instanceof RegExp) {
      continue;
    } else if (isPlainObject(value) && Object.keys(value)[0]?.startsWith('$')) {
      if (Object.hasOwn(value, '$eq')) setPath(seed, key, cloneDocument(value.$eq));
    } else {
      setPath(seed, key, cloneDocument(value));
    }
  }
  return seed;
}
