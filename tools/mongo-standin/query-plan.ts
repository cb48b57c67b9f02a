// Which documents a filter could match, read from ordered indexes instead of every document: the
// conditions of the filter's top-level conjunction (and `$and`s) on an index's first field become
// intervals of BSON values; an `$or` is planned when every branch is. A plan only ever yields a
// SUPERSET of the matches (the filter is still tested on each document), so it may be loose but
// never miss one: conditions it does not understand (`$ne`, `$regex`, `$exists`, null, arrays,
// embedded documents, …) simply do not narrow.
import { bsonTag, compareBson, isPlainObject, sameTypeBracket, type Doc } from './bson-order.js';
import type { Interval, OrderedIndex } from './ordered-index.js';

interface IndexScan {
  index: OrderedIndex;
  /** Union of intervals on the index's first field. */
  intervals: Interval[];
}

/** A union of index scans whose documents include every match of the filter. */
export type Plan = IndexScan[];

// Values whose equality and order in an index agree with the query operators' (bson-query-operators.ts).
// null matches missing fields, arrays match whole arrays, regexes match strings: none narrows.
function indexable(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return !Number.isNaN(value);
    case 'object':
      if (value === null || Array.isArray(value) || isPlainObject(value) || value instanceof RegExp)
        return false;
      if (value instanceof Date) return !Number.isNaN(value.getTime());
      return ['ObjectId', 'Int32', 'Double', 'Long'].includes(bsonTag(value) ?? '');
    default:
      return false;
  }
}

const point = (value: unknown): Interval => ({
  bracket: value,
  lower: { value, inclusive: true },
  upper: { value, inclusive: true },
});

/** Each constraint is a union of intervals the field's value must fall in; all constraints hold. */
function fieldConstraints(condition: unknown): Interval[][] {
  const isOperatorDocument =
    isPlainObject(condition) &&
    Object.keys(condition).length > 0 &&
    Object.keys(condition).every((key) => key.startsWith('$'));
  if (!isOperatorDocument) return indexable(condition) ? [[point(condition)]] : [];
  const constraints: Interval[][] = [];
  for (const [operator, value] of Object.entries(condition)) {
    if (operator === '$eq' && indexable(value)) constraints.push([point(value)]);
    else if (operator === '$in' && Array.isArray(value) && value.every(indexable)) {
      constraints.push(value.map(point));
    } else if (indexable(value)) {
      const bound = { value, inclusive: operator === '$gte' || operator === '$lte' };
      if (operator === '$gt' || operator === '$gte') constraints.push([{ bracket: value, lower: bound }]);
      if (operator === '$lt' || operator === '$lte') constraints.push([{ bracket: value, upper: bound }]);
    }
  }
  return constraints;
}

function tighter(a: Interval['lower'], b: Interval['lower'], side: 1 | -1): Interval['lower'] | undefined {
  if (!a) return b;
  if (!b) return a;
  const order = compareBson(a.value, b.value) * side;
  if (order !== 0) return order > 0 ? a : b;
  return a.inclusive ? b : a;
}

function intersect(a: Interval, b: Interval): Interval | undefined {
  if (!sameTypeBracket(a.bracket, b.bracket)) return undefined;
  const lower = tighter(a.lower, b.lower, 1);
  const upper = tighter(a.upper, b.upper, -1);
  return { bracket: a.bracket, ...(lower && { lower }), ...(upper && { upper }) };
}

function intersectAll(constraints: Interval[][]): Interval[] {
  return constraints.reduce((union, next) =>
    union.flatMap((a) => next.flatMap((b) => intersect(a, b) ?? [])),
  );
}

/** How many documents a plan yields, counting no further than `cap`. */
export function planSize(plan: Plan, cap: number): number {
  const ids = new Set<number>();
  for (const scan of plan) for (const interval of scan.intervals) scan.index.collect(interval, ids, cap);
  return ids.size;
}

/** Natural-order positions of the documents a plan yields. */
export function planIds(plan: Plan): Set<number> {
  const ids = new Set<number>();
  for (const scan of plan) for (const interval of scan.intervals) scan.index.collect(interval, ids);
  return ids;
}

// Plans are compared by how many documents they yield, counted up to this many.
const ESTIMATE_CAP = 5000;

function planUnion(branches: unknown[], indexes: readonly OrderedIndex[]): Plan | undefined {
  const plan: Plan = [];
  for (const branch of branches) {
    const planned = isPlainObject(branch) ? planFilter(branch, indexes) : undefined;
    if (!planned) return undefined; // one branch would need a scan of everything
    plan.push(...planned);
  }
  return plan;
}

/** The narrowest plan for `filter`, or undefined when only a scan of every document will do. */
export function planFilter(filter: unknown, indexes: readonly OrderedIndex[]): Plan | undefined {
  if (!isPlainObject(filter) || indexes.length === 0) return undefined;
  const options: Plan[] = [];
  const byPath = new Map<string, Interval[][]>();
  const gather = (conjunction: Doc): void => {
    for (const [key, value] of Object.entries(conjunction)) {
      if (key === '$and' && Array.isArray(value)) {
        for (const member of value) if (isPlainObject(member)) gather(member);
      } else if (key === '$or' && Array.isArray(value)) {
        const union = planUnion(value, indexes);
        if (union) options.push(union);
      } else if (!key.startsWith('$')) {
        byPath.set(key, [...(byPath.get(key) ?? []), ...fieldConstraints(value)]);
      }
    }
  };
  gather(filter);
  for (const [path, constraints] of byPath) {
    if (constraints.length === 0) continue;
    for (const index of indexes) {
      if (!index.readable || index.fields[0] !== path) continue;
      // A document with several values in the field may meet each bound with a different one.
      const intervals = index.firstFieldIsMultikey
        ? (constraints[0] as Interval[])
        : intersectAll(constraints);
      options.push([{ index, intervals }]);
    }
  }
  if (options.length <= 1) return options[0];
  const sized = options.map((plan) => ({ plan, size: planSize(plan, ESTIMATE_CAP) }));
  return sized.reduce((best, next) => (next.size < best.size ? next : best)).plan;
}
