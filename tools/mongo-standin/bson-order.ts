// MongoDB's comparison rules for BSON values: cross-type order, numeric equality across
// int/long/double/decimal, field-order-sensitive documents. mingo compares ObjectId and
// Decimal128 by their toString() and puts unknown classes last, so we do not rely on it.
// BSON classes are recognised by their `_bsontype` tag rather than `instanceof`, because the
// ESM and CJS builds of `bson` are different module instances.

export type Doc = Record<string, unknown>;

// https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/
const enum Rank {
  MinKey,
  Null,
  Number,
  String,
  Object,
  Array,
  Binary,
  ObjectId,
  Boolean,
  Date,
  Timestamp,
  RegExp,
  MaxKey,
}

export function bsonTag(value: object): string | undefined {
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

export function isPlainObject(value: unknown): value is Doc {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function rank(value: unknown): Rank {
  if (value === undefined || value === null) return Rank.Null;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return Rank.Number;
    case 'string':
      return Rank.String;
    case 'boolean':
      return Rank.Boolean;
    case 'object':
      break;
    default:
      return Rank.Object;
  }
  if (Array.isArray(value)) return Rank.Array;
  if (value instanceof Date) return Rank.Date;
  if (value instanceof RegExp) return Rank.RegExp;
  if (value instanceof Uint8Array) return Rank.Binary;
  switch (bsonTag(value)) {
    case 'MinKey':
      return Rank.MinKey;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return Rank.Number;
    case 'BSONSymbol':
      return Rank.String;
    case 'Binary':
      return Rank.Binary;
    case 'ObjectId':
      return Rank.ObjectId;
    case 'Timestamp':
      return Rank.Timestamp;
    case 'BSONRegExp':
      return Rank.RegExp;
    case 'MaxKey':
      return Rank.MaxKey;
    default:
      return Rank.Object;
  }
}

/** Position of a value's type in MongoDB's cross-type order (MinKey 0, null 1, numbers 2, … MaxKey 12). */
export function typeRank(value: unknown): number {
  return rank(value);
}

/** True when both values fall in the same comparison bracket (what $gt/$lt require). */
export function sameTypeBracket(a: unknown, b: unknown): boolean {
  return rank(a) === rank(b);
}

const cmp = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Converts any BSON number to a JS double (Decimal128/Long beyond 2^53 lose precision). */
export function toDouble(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const tagged = value as { toNumber?: () => number; valueOf(): unknown; toString(): string };
  if (bsonTag(value as object) === 'Decimal128') return Number(tagged.toString());
  if (typeof tagged.toNumber === 'function') return tagged.toNumber();
  return Number(tagged.valueOf());
}

function compareNumbers(a: unknown, b: unknown): number {
  const x = toDouble(a);
  const y = toDouble(b);
  // MongoDB orders NaN below every other number and treats NaN as equal to NaN.
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
  return cmp(x, y);
}

function compareArrays(a: unknown[], b: unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareBson(a[i], b[i]);
    if (c !== 0) return c;
  }
  return cmp(a.length, b.length);
}

function compareDocuments(a: Doc, b: Doc): number {
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const [fa, fb] = [ka[i] as string, kb[i] as string];
    const c = cmp(rank(a[fa]), rank(b[fb])) || cmp(fa, fb) || compareBson(a[fa], b[fb]);
    if (c !== 0) return c;
  }
  return cmp(ka.length, kb.length);
}

function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  return (value as { buffer: Uint8Array }).buffer;
}

function compareBinary(a: unknown, b: unknown): number {
  const [x, y] = [bytesOf(a), bytesOf(b)];
  const subtype = (v: unknown) => (v instanceof Uint8Array ? 0 : (v as { sub_type: number }).sub_type);
  let c = cmp(x.length, y.length) || cmp(subtype(a), subtype(b));
  for (let i = 0; c === 0 && i < x.length; i++) c = cmp(x[i] as number, y[i] as number);
  return c;
}

function regexParts(value: unknown): [string, string] {
  if (value instanceof RegExp) return [value.source, value.flags];
  const r = value as { pattern: string; options: string };
  return [r.pattern, r.options];
}

/** Total order over BSON values, as MongoDB sorts and compares them. */
export function compareBson(a: unknown, b: unknown): number {
  const [ra, rb] = [rank(a), rank(b)];
  if (ra !== rb) return cmp(ra, rb);
  switch (ra) {
    case Rank.Number:
      return compareNumbers(a, b);
    case Rank.String:
      return cmp(String(a), String(b));
    case Rank.Object:
      return compareDocuments(a as Doc, b as Doc);
    case Rank.Array:
      return compareArrays(a as unknown[], b as unknown[]);
    case Rank.Binary:
      return compareBinary(a, b);
    case Rank.ObjectId:
      return cmp(
        (a as { toHexString(): string }).toHexString(),
        (b as { toHexString(): string }).toHexString(),
      );
    case Rank.Boolean:
      return cmp(Number(a), Number(b));
    case Rank.Date:
      return cmp((a as Date).getTime(), (b as Date).getTime());
    case Rank.Timestamp: {
      const [x, y] = [a as { t: number; i: number }, b as { t: number; i: number }];
      return cmp(x.t, y.t) || cmp(x.i, y.i);
    }
    case Rank.RegExp: {
      const [[sa, fa], [sb, fb]] = [regexParts(a), regexParts(b)];
      return cmp(sa, sb) || cmp(fa, fb);
    }
    default:
      return 0; // null/undefined, MinKey, MaxKey: one value each
  }
}

export const bsonEquals = (a: unknown, b: unknown): boolean => compareBson(a, b) === 0;

/**
 * A string that is equal for two values exactly when bsonEquals says so (up to double precision
 * for numbers), used as a Map key for `_id` lookups and unique index entries.
 */
export function canonicalKey(value: unknown): string {
  switch (rank(value)) {
    case Rank.Null:
      return 'null';
    case Rank.Number: {
      const n = toDouble(value);
      return `n:${Object.is(n, -0) ? 0 : n}`;
    }
    case Rank.String:
      return `s:${JSON.stringify(String(value))}`;
    case Rank.Array:
      return `[${(value as unknown[]).map(canonicalKey).join(',')}]`;
    case Rank.Object: {
      const entries = Object.entries(value as Doc).filter(([, v]) => v !== undefined);
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalKey(v)}`).join(',')}}`;
    }
    case Rank.Binary:
      return `x:${Buffer.from(bytesOf(value)).toString('base64')}`;
    case Rank.ObjectId:
      return `o:${(value as { toHexString(): string }).toHexString()}`;
    case Rank.Boolean:
      return `b:${String(value)}`;
    case Rank.Date:
      return `d:${(value as Date).getTime()}`;
    case Rank.Timestamp:
      return `t:${(value as { t: number }).t}:${(value as { i: number }).i}`;
    case Rank.RegExp:
      return `r:${regexParts(value).join('/')}`;
    case Rank.MinKey:
      return 'minKey';
    case Rank.MaxKey:
      return 'maxKey';
  }
}
