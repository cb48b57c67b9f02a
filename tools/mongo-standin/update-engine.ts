// Computes the new version of a document for update, findAndModify and upserts. The stored
// document is never touched: every function returns a fresh object for Collection.replace/insert.
import { update as applyModifier, type Modifier } from 'mingo/updater';
import { bsonEquals, isPlainObject, type Doc } from './bson-order.js';
import { withId } from './document-id.js';
import { CommandError, ErrorCode } from './errors.js';
import { setPath } from './field-path.js';
import { describeKey } from './index-keys.js';
import { assertPlainArithmetic } from './numeric-guards.js';
import { cloneDocument, mingoOptions, runPipeline } from './query-engine.js';

export interface UpdateOptions {
  /** The statement's query, needed by the positional `$` operator. */
  filter: Doc;
  arrayFilters?: unknown;
}

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

function applyOperators(original: Doc, update: Doc, options: UpdateOptions, isUpsertInsert: boolean): Doc {
  const doc = cloneDocument(original);
  const { $setOnInsert, ...operators } = update;
  if (isUpsertInsert && isPlainObject($setOnInsert)) {
    operators.$set = { ...(operators.$set as Doc | undefined), ...$setOnInsert };
  }
  // mingo rejects every update path on _id; MongoDB only rejects changing its value.
  for (const [op, fields] of Object.entries(operators)) {
    const paths = Object.keys(fields as Doc);
    if (!paths.some((p) => p === '_id' || p.startsWith('_id.'))) continue;
    const { _id, ...others } = fields as Doc;
    if (op !== '$set' || paths.some((p) => p.startsWith('_id.'))) throw immutableIdError();
    if (doc._id === undefined && isUpsertInsert) doc._id = _id;
    else if (!bsonEquals(doc._id, _id)) throw immutableIdError();
    operators.$set = others;
  }
  assertPlainArithmetic(doc, operators);
  assertNoConflictingPaths(operators);
  // mingo treats every path under one array (`outbox.$[m].a`, `outbox.$[m].b`) as a conflict, which
  // MongoDB allows; conflicts were checked above, so each path is applied on its own.
  for (const [op, fields] of Object.entries(operators)) {
    for (const [path, value] of Object.entries(fields as Doc)) {
      applyModifier(
        doc,
        { [op]: { [path]: value } } as Modifier<Doc>,
        options.arrayFilters as Doc[] | undefined,
        // mingo re-checks the condition on every call, and an earlier path may already have changed a
        // filtered field; only the positional `$` needs the filter, to find its element.
        !isUpsertInsert && /\.\$(\.|$)/.test(path) ? options.filter : {},
        { cloneMode: 'deep', queryOptions: mingoOptions() },
      );
    }
  }
  return doc;
}

/** MongoDB's error 40 when two update paths are the same or one contains the other. */
function assertNoConflictingPaths(operators: Doc): void {
  const paths = Object.values(operators).flatMap((fields) => Object.keys(fields as Doc));
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

/** The updated copy of `original`; throws a CommandError for invalid updates. */
export function applyUpdate(original: Doc, update: unknown, options: UpdateOptions): Doc {
  switch (classifyUpdate(update)) {
    case 'replacement':
      return replaceDocument(original, update as Doc);
    case 'pipeline':
      return applyPipeline(original, update as unknown[]);
    case 'operators':
      return applyOperators(original, update as Doc, options, false);
  }
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

/** The document an upsert inserts when its filter matched nothing. */
export function buildUpsertDocument(update: unknown, options: UpdateOptions): Doc {
  const seed = upsertSeed(options.filter);
  let doc: Doc;
  switch (classifyUpdate(update)) {
    case 'replacement':
      doc = replaceDocument({ _id: seed._id }, update as Doc);
      break;
    case 'pipeline':
      doc = applyPipeline(seed, update as unknown[]);
      break;
    case 'operators':
      doc = applyOperators(seed, update as Doc, options, true);
      break;
  }
  return withId(doc);
}
