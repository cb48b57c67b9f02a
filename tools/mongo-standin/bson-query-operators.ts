// Replacements for mingo's comparison query operators that follow MongoDB's BSON semantics
// (see bson-order.ts). They are registered in the mingo context built by query-engine.ts.
import { bsonEquals, bsonTag, compareBson, isPlainObject, sameTypeBracket, type Doc } from './bson-order.js';
import { CommandError, ErrorCode } from './errors.js';
import { compilePath, type PathValues } from './field-path.js';
import { compileFilter } from './query-engine.js';

type Predicate = (doc: unknown) => boolean;
type QueryOperator = (selector: string, value: unknown) => Predicate;

/** Tests the values a query compares against: each leaf value, and the elements of leaf arrays. */
function someCandidate(pv: PathValues, test: (v: unknown) => boolean): boolean {
  for (const v of pv.values) {
    if (test(v) || (Array.isArray(v) && v.some(test))) return true;
  }
  return false;
}

const isNullish = (v: unknown): boolean => v === null || v === undefined;

function matchesEquality(pv: PathValues, target: unknown): boolean {
  // { field: null } also matches documents where the field does not exist.
  if (isNullish(target)) return pv.missing || someCandidate(pv, isNullish);
  return someCandidate(pv, (v) => bsonEquals(v, target));
}

function matchesAny(pv: PathValues, targets: unknown[]): boolean {
  return targets.some((t) =>
    t instanceof RegExp
      ? someCandidate(pv, (v) => typeof v === 'string' && t.test(v))
      : matchesEquality(pv, t),
  );
}

function range(accept: (order: number) => boolean): QueryOperator {
  return (selector, target) => {
    const resolve = compilePath(selector);
    return (doc) => {
      const pv = resolve(doc);
      if (isNullish(target) && accept(0) && matchesEquality(pv, null)) return true;
      // Type bracketing: $gt 5 never matches a string, $lt a date never matches a number.
      return someCandidate(pv, (v) => sameTypeBracket(v, target) && accept(compareBson(v, target)));
    };
  };
}

// $type aliases from https://www.mongodb.com/docs/manual/reference/operator/query/type/
const TYPE_NUMBERS: Record<string, number> = {
  double: 1,
  string: 2,
  object: 3,
  array: 4,
  binData: 5,
  undefined: 6,
  objectId: 7,
  bool: 8,
  date: 9,
  null: 10,
  regex: 11,
  javascript: 13,
  int: 16,
  timestamp: 17,
  long: 18,
  decimal: 19,
  minKey: -1,
  maxKey: 127,
};
const TAG_NUMBERS: Record<string, number> = {
  Binary: 5,
  ObjectId: 7,
  BSONRegExp: 11,
  Code: 13,
  BSONSymbol: 14,
  Int32: 16,
  Timestamp: 17,
  Long: 18,
  Decimal128: 19,
  Double: 1,
  MinKey: -1,
  MaxKey: 127,
};

/** BSON type number a value will have on the wire (JS numbers serialise as int32 when they fit). */
export function bsonTypeNumber(v: unknown): number {
  if (v === null) return 10;
  if (v === undefined) return 6;
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) <= 0x7fffffff ? 16 : 1;
  if (typeof v === 'string') return 2;
  if (typeof v === 'boolean') return 8;
  if (Array.isArray(v)) return 4;
  if (v instanceof Date) return 9;
  if (v instanceof RegExp) return 11;
  if (v instanceof Uint8Array) return 5;
  return TAG_NUMBERS[bsonTag(v as object) ?? ''] ?? 3;
}

function typeMatcher(spec: unknown): (v: unknown) => boolean {
  if (spec === 'number') return (v) => [1, 16, 18, 19].includes(bsonTypeNumber(v));
  const wanted = typeof spec === 'string' ? TYPE_NUMBERS[spec] : typeof spec === 'number' ? spec : undefined;
  if (wanted === undefined) {
    throw new CommandError(ErrorCode.BadValue, `Unknown type name alias: ${String(spec)}`);
  }
  return (v) => bsonTypeNumber(v) === wanted;
}

const $type: QueryOperator = (selector, spec) => {
  const matchers = (Array.isArray(spec) ? spec : [spec]).map(typeMatcher);
  const resolve = compilePath(selector);
  return (doc) => someCandidate(resolve(doc), (v) => matchers.some((m) => m(v)));
};

const $eq: QueryOperator = (selector, target) => {
  const resolve = compilePath(selector);
  return (doc) => matchesEquality(resolve(doc), target);
};
const $in: QueryOperator = (selector, targets) => {
  if (!Array.isArray(targets)) throw new CommandError(ErrorCode.BadValue, '$in needs an array');
  const resolve = compilePath(selector);
  return (doc) => matchesAny(resolve(doc), targets);
};
// mingo's $all only looks inside arrays; MongoDB's { f: { $all: [a, b] } } is { $and: [{ f: a }, { f: b }] },
// so a non-array field equal to the single value matches too.
const $all: QueryOperator = (selector, targets) => {
  if (!Array.isArray(targets)) throw new CommandError(ErrorCode.BadValue, '$all needs an array');
  const resolve = compilePath(selector);
  const tests = targets.map((target): Predicate => {
    if (isPlainObject(target) && Object.hasOwn(target, '$elemMatch')) {
      const test = compileFilter({ [selector]: target });
      return (doc) => test(doc as Doc);
    }
    return (doc) => matchesAny(resolve(doc), [target]);
  });
  return (doc) => tests.length > 0 && tests.every((test) => test(doc));
};

const negate =
  (operator: QueryOperator): QueryOperator =>
  (selector, value) => {
    const predicate = operator(selector, value);
    return (doc) => !predicate(doc);
  };

export const bsonQueryOperators = {
  $eq,
  $ne: negate($eq),
  $in,
  $nin: negate($in),
  $gt: range((order) => order > 0),
  $gte: range((order) => order >= 0),
  $lt: range((order) => order < 0),
  $lte: range((order) => order <= 0),
  $type,
  $all,
};
