import { isPlainObject, type Doc } from './bson-order.js';

export interface PathValues {
  /** Every value found at the end of the path (arrays on the way are traversed, leaf arrays kept whole). */
  values: unknown[];
  /** True when at least one branch of the path ended before reaching the leaf. */
  missing: boolean;
}

/**
 * Resolves a dotted path the way MongoDB does for queries and indexes: `a.b` on
 * `{ a: [{ b: 1 }, { b: 2 }] }` yields 1 and 2, and `a.0` addresses an array element.
 */
export function resolvePath(doc: unknown, path: string): PathValues {
  return compilePath(path)(doc);
}

/** resolvePath with the path split once, for predicates that run against every document. */
export function compilePath(path: string): (doc: unknown) => PathValues {
  const parts = path.split('.');
  return (doc) => {
    const out: PathValues = { values: [], missing: false };
    walk(doc, parts, 0, out);
    return out;
  };
}

function walk(value: unknown, parts: string[], i: number, out: PathValues): void {
  if (i === parts.length) {
    if (value === undefined) out.missing = true;
    else out.values.push(value);
    return;
  }
  const part = parts[i] as string;
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part)) {
      const element: unknown = value[Number(part)];
      if (element === undefined) out.missing = true;
      else walk(element, parts, i + 1, out);
      return;
    }
    if (value.length === 0) out.missing = true;
    for (const element of value) {
      if (isPlainObject(element)) walk(element, parts, i, out);
      else out.missing = true;
    }
    return;
  }
  if (isPlainObject(value) && Object.hasOwn(value, part)) walk(value[part], parts, i + 1, out);
  else out.missing = true;
}

/** Leaf values with leaf arrays replaced by their elements: what an index or a sort sees. */
export function flatValuesAtPath(doc: unknown, path: string): unknown[] {
  return resolvePath(doc, path).values.flatMap((v) => (Array.isArray(v) ? (v as unknown[]) : [v]));
}

/** Sets a dotted path, creating intermediate documents. */
export function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let target: Doc = doc;
  for (const part of parts.slice(0, -1)) {
    const next = target[part];
    if (isPlainObject(next)) target = next;
    else target = target[part] = {};
  }
  target[parts[parts.length - 1] as string] = value;
}
