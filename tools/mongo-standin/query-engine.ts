// Filters, sorts, projections and aggregation pipelines, evaluated by mingo with a context in
// which the comparison operators and $sort follow BSON semantics. mingo's top-level helpers
// (`find`, `aggregate`, `Query`, `Aggregator` from 'mingo') merge their built-in operators OVER
// a caller's context, so we use the base classes and build the whole context ourselves.
import { Aggregator } from 'mingo/aggregator';
import { Context, ProcessingMode } from 'mingo/core';
import { Lazy, type Iterator } from 'mingo/lazy';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query } from 'mingo/query';
import type { Options } from 'mingo/types';
import { compareBson, isPlainObject, type Doc } from './bson-order.js';
import { bsonQueryOperators } from './bson-query-operators.js';
import { CommandError, ErrorCode, unsupported } from './errors.js';
import { flatValuesAtPath } from './field-path.js';
import { guardAccumulator } from './numeric-guards.js';
import { defineField } from './update-paths.js';

export type SortSpec = Record<string, 1 | -1>;

export function parseSort(spec: unknown): SortSpec {
  if (spec === undefined || spec === null) return {};
  if (!isPlainObject(spec)) throw new CommandError(ErrorCode.TypeMismatch, 'sort must be a document');
  const parsed: SortSpec = {};
  for (const [path, direction] of Object.entries(spec)) {
    if (direction !== 1 && direction !== -1) {
      throw new CommandError(
        ErrorCode.BadValue,
        `$sort key ordering must be 1 (for ascending) or -1 (for descending), got ${JSON.stringify(direction)} for '${path}'`,
      );
    }
    parsed[path] = direction;
  }
  return parsed;
}

/** Sorts like MongoDB: arrays sort by their smallest (ascending) or largest (descending) element. */
export function sortDocuments<T>(docs: T[], spec: SortSpec): T[] {
  const fields = Object.entries(spec);
  if (fields.length === 0) return docs;
  const keyOf = (doc: T, path: string, direction: number): unknown => {
    const values = flatValuesAtPath(doc, path);
    if (values.length === 0) return null;
    return values.reduce((best, v) => (compareBson(v, best) * direction < 0 ? v : best));
  };
  const decorated = docs.map((doc) => ({ doc, keys: fields.map(([path, dir]) => keyOf(doc, path, dir)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < fields.length; i++) {
      const order = compareBson(a.keys[i], b.keys[i]) * (fields[i]?.[1] ?? 1);
      if (order !== 0) return order;
    }
    return 0; // Array.prototype.sort is stable: ties keep natural (insertion) order
  });
  return decorated.map((d) => d.doc);
}

const $sort = (coll: Iterator, spec: unknown): Iterator => {
  const parsed = parseSort(spec);
  if (Object.keys(parsed).length === 0) {
    throw new CommandError(ErrorCode.BadValue, '$sort stage must have at least one sort key');
  }
  return coll.transform((docs: Doc[]) => Lazy(sortDocuments(docs, parsed)));
};

const refuseStage = (name: string) => (): Iterator => {
  throw unsupported(`the ${name} aggregation stage`);
};

// mingo types each operator table as an intersection of all its built-in signatures.
type OperatorTables = NonNullable<Parameters<typeof Context.init>[0]>;

const context = Context.init({
  accumulator: {
    ...accumulatorOperators,
    $sum: guardAccumulator('$sum', accumulatorOperators.$sum),
    $avg: guardAccumulator('$avg', accumulatorOperators.$avg),
  } as unknown as OperatorTables['accumulator'],
  expression: expressionOperators,
  // $out/$merge would write into the throw-away arrays our collection resolver hands out.
  pipeline: {
    ...pipelineOperators,
    $sort,
    $out: refuseStage('$out'),
    $merge: refuseStage('$merge'),
  } as unknown as OperatorTables['pipeline'],
  projection: projectionOperators,
  query: { ...queryOperators, ...bsonQueryOperators } as unknown as OperatorTables['query'],
  window: windowOperators,
});

export interface PipelineEnvironment {
  /** Documents of another collection in the same database, for $lookup/$unionWith/$graphLookup. */
  resolveCollection?: (name: string) => Doc[];
  variables?: Doc;
}

export function mingoOptions(env: PipelineEnvironment = {}): Partial<Options> {
  return {
    context,
    idKey: '_id',
    scriptEnabled: false,
    useStrictMode: true,
    // Stages such as $unwind and dotted $addFields mutate their input documents in place.
    processingMode: ProcessingMode.CLONE_INPUT,
    ...(env.resolveCollection && { collectionResolver: env.resolveCollection }),
    ...(env.variables && { variables: env.variables }),
  };
}

export function compileFilter(filter: unknown): (doc: Doc) => boolean {
  if (filter === undefined || filter === null) return () => true;
  if (!isPlainObject(filter)) {
    throw new CommandError(ErrorCode.TypeMismatch, 'query filter must be a document');
  }
  if (Object.keys(filter).length === 0) return () => true;
  const query = new Query(filter, mingoOptions());
  return (doc) => query.test(doc);
}

// Stages MongoDB 7.0 knows; those mingo lacks fail as unsupported, any other name as MongoDB fails.
const MONGODB_STAGES = new Set([
  '$addFields',
  '$bucket',
  '$bucketAuto',
  '$changeStream',
  '$changeStreamSplitLargeEvent',
  '$collStats',
  '$count',
  '$currentOp',
  '$densify',
  '$documents',
  '$facet',
  '$fill',
  '$geoNear',
  '$graphLookup',
  '$group',
  '$indexStats',
  '$limit',
  '$listLocalSessions',
  '$listSampledQueries',
  '$listSearchIndexes',
  '$listSessions',
  '$lookup',
  '$match',
  '$merge',
  '$out',
  '$planCacheStats',
  '$project',
  '$redact',
  '$replaceRoot',
  '$replaceWith',
  '$sample',
  '$search',
  '$searchMeta',
  '$set',
  '$setWindowFields',
  '$shardedDataDistribution',
  '$skip',
  '$sort',
  '$sortByCount',
  '$unionWith',
  '$unset',
  '$unwind',
  '$vectorSearch',
]);

export function checkStageName(name: string): void {
  if (!MONGODB_STAGES.has(name)) {
    throw new CommandError(40324, `Unrecognized pipeline stage name: '${name}'`);
  }
  if (!(name in pipelineOperators) && name !== '$sort') throw unsupported(`the ${name} aggregation stage`);
}

export function runPipeline(docs: Doc[], pipeline: unknown, env: PipelineEnvironment = {}): Doc[] {
  if (!Array.isArray(pipeline) || !pipeline.every(isPlainObject)) {
    throw new CommandError(ErrorCode.TypeMismatch, 'pipeline must be an array of stage documents');
  }
  for (const stage of pipeline) {
    const names = Object.keys(stage);
    if (names.length !== 1) {
      throw new CommandError(40323, 'A pipeline stage specification object must contain exactly one field.');
    }
    checkStageName(names[0] as string);
  }
  return new Aggregator(pipeline, mingoOptions(env)).run<Doc>(docs);
}

/** A test of one array element against an `$elemMatch` spec, with operators (`{ $in: [...] }`) or fields. */
export function elementMatcher(spec: Doc): (element: unknown) => boolean {
  const onValue = Object.keys(spec).every((k) => k.startsWith('$') && !['$and', '$or', '$nor'].includes(k));
  if (onValue) {
    const test = compileFilter({ v: spec });
    return (element) => test({ v: element });
  }
  const test = compileFilter(spec);
  return (element) => isPlainObject(element) && test(element);
}

/** Deep copy of documents and arrays; BSON value objects are immutable and are shared. */
export function cloneDocument<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneDocument) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (!isPlainObject(value)) return value;
  const copy: Doc = {};
  for (const [key, v] of Object.entries(value)) defineField(copy, key, cloneDocument(v));
  return copy as T;
}
