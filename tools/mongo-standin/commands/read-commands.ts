import { canonicalKey, compareBson, isPlainObject, type Doc } from '../bson-order.js';
import {
  arrayArg,
  boolArg,
  collectionArg,
  docArg,
  intArg,
  matchingDocuments,
  type CommandContext,
  type CommandTable,
} from '../command-args.js';
import { parseBatchSize } from '../cursor-registry.js';
import { CommandError, ErrorCode, unsupported } from '../errors.js';
import { flatValuesAtPath } from '../field-path.js';
import { hintedScan } from '../hint.js';
import { projectDocuments } from '../projection.js';
import { cloneDocument, parseSort, runPipeline, sortDocuments } from '../query-engine.js';

function nonNegative(field: string, value: number | undefined): number {
  if (value !== undefined && value < 0) {
    throw new CommandError(ErrorCode.BadValue, `${field} must be non-negative, got ${value}`);
  }
  return value ?? 0;
}

/** Matching documents of a possibly missing collection, sorted, then skipped and limited. */
function select(
  ctx: CommandContext,
  name: string,
  command: Doc,
  filterField: string,
  sortField?: string,
): Doc[] {
  const sort = sortField ? parseSort(docArg(command, sortField)) : {};
  const skip = nonNegative('skip', intArg(command, 'skip'));
  const limit = Math.abs(intArg(command, 'limit') ?? 0); // a negative limit means "one batch of |limit|"
  const unsorted = Object.keys(sort).length === 0;
  const collection = ctx.store.collection(ctx.db, name);
  if (!unsorted && limit && command.hint === undefined && collection) {
    // The first skip + limit matches along an index in the sort's order, when one has it.
    const walked = collection.findSorted(docArg(command, filterField), sort, skip + limit);
    if (walked) return walked.slice(skip);
  }
  // Without a sort, matching can stop as soon as skip + limit documents were found.
  const matching = matchingDocuments(
    ctx,
    name,
    docArg(command, filterField),
    unsorted && limit ? skip + limit : undefined,
    command.hint,
  );
  return sortDocuments(matching, sort).slice(skip, limit ? skip + limit : undefined);
}

function find(command: Doc, ctx: CommandContext): Doc {
  const name = collectionArg(command, 'find');
  const docs = projectDocuments(select(ctx, name, command, 'filter', 'sort'), docArg(command, 'projection'));
  const singleBatch = boolArg(command, 'singleBatch') || (intArg(command, 'limit') ?? 0) < 0;
  return ctx.cursors.open(`${ctx.db}.${name}`, docs, {
    batchSize: parseBatchSize(command.batchSize),
    singleBatch,
  });
}

function getMore(command: Doc, ctx: CommandContext): Doc {
  // Not validated as a collection name: cursors of listCollections live in '$cmd.listCollections'.
  if (typeof command.collection !== 'string') {
    throw new CommandError(ErrorCode.TypeMismatch, "getMore requires a 'collection' string");
  }
  return ctx.cursors.getMore(
    command.getMore,
    `${ctx.db}.${command.collection}`,
    parseBatchSize(command.batchSize),
  );
}

function killCursors(command: Doc, ctx: CommandContext): Doc {
  const { killed, notFound } = ctx.cursors.kill(arrayArg(command, 'cursors'));
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}

function count(command: Doc, ctx: CommandContext): Doc {
  return { n: select(ctx, collectionArg(command, 'count'), command, 'query').length, ok: 1 };
}

function distinct(command: Doc, ctx: CommandContext): Doc {
  const name = collectionArg(command, 'distinct');
  if (typeof command.key !== 'string') {
    throw new CommandError(ErrorCode.TypeMismatch, "distinct requires a 'key' string");
  }
  const key = command.key;
  const values = new Map<string, unknown>();
  for (const doc of select(ctx, name, command, 'query')) {
    for (const value of flatValuesAtPath(doc, key)) values.set(canonicalKey(value), value);
  }
  return { values: [...values.values()].sort(compareBson), ok: 1 };
}

function aggregate(command: Doc, ctx: CommandContext): Doc {
  const pipeline = arrayArg(command, 'pipeline');
  const cursor = docArg(command, 'cursor');
  if (!cursor) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  }
  let source: Doc[] = [];
  let namespace = `${ctx.db}.$cmd.aggregate`;
  if (command.aggregate === 1) {
    if (!(pipeline[0] as Doc | undefined)?.$documents) {
      throw unsupported('database-level aggregate other than $documents');
    }
  } else {
    const name = collectionArg(command, 'aggregate');
    const collection = ctx.store.collection(ctx.db, name);
    // A leading $match narrowed by an index (a superset, in natural order); the stage still filters.
    const first = pipeline[0] as Doc | undefined;
    const narrowed =
      command.hint === undefined && first && isPlainObject(first.$match)
        ? collection?.candidates(first.$match)
        : undefined;
    source = narrowed ?? hintedScan(collection, command.hint)(collection?.documents() ?? []);
    namespace = `${ctx.db}.${name}`;
  }
  const docs = runPipeline(source, pipeline, {
    resolveCollection: (other) => (ctx.store.collection(ctx.db, other)?.documents() ?? []).map(cloneDocument),
    variables: docArg(command, 'let'),
  });
  return ctx.cursors.open(namespace, docs, { batchSize: parseBatchSize(cursor.batchSize) });
}

export const readCommands: CommandTable = {
  find: {
    run: find,
    fields: [
      'filter',
      'sort',
      'projection',
      'skip',
      'limit',
      'batchSize',
      'singleBatch',
      'hint',
      'noCursorTimeout',
      'allowDiskUse',
      'allowPartialResults',
    ],
  },
  getMore: { run: getMore, fields: ['collection', 'batchSize'] },
  killCursors: { run: killCursors, fields: ['cursors'] },
  count: { run: count, fields: ['query', 'limit', 'skip', 'hint'] },
  distinct: { run: distinct, fields: ['key', 'query', 'hint'] },
  aggregate: {
    run: aggregate,
    fields: ['pipeline', 'cursor', 'allowDiskUse', 'hint', 'bypassDocumentValidation', 'let'],
  },
};
