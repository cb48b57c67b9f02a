// Update paths the way MongoDB's update system reads them: parsed once per update (positional
// `$`, `$[]`, `$[identifier]`), expanded once per document against the document as it was
// matched, then located in the copy being changed, where creating a missing field may be
// impossible (PathNotViable).
import { isPlainObject, type Doc } from './bson-order.js';
import { CommandError, ErrorCode } from './errors.js';
import { describeKey } from './index-keys.js';

export type Segment =
  | { kind: 'field'; name: string }
  | { kind: 'positional' }
  | { kind: 'all' }
  | { kind: 'filtered'; id: string };

export interface UpdatePath {
  text: string;
  segments: Segment[];
}

export const isArrayIndex = (part: string): boolean => /^\d+$/.test(part);

const ARRAY_FILTER_SEGMENT = /^\$\[(.*)\]$/;

export function parseUpdatePath(text: string): UpdatePath {
  if (text === '') throw new CommandError(ErrorCode.EmptyFieldName, 'An empty update path is not valid.');
  const parts = text.split('.');
  if (parts.includes('')) {
    throw new CommandError(
      ErrorCode.EmptyFieldName,
      `The update path '${text}' contains an empty field name, which is not allowed.`,
    );
  }
  const segments = parts.map((part): Segment => {
    if (part === '$') return { kind: 'positional' };
    const filtered = ARRAY_FILTER_SEGMENT.exec(part);
    if (!filtered) return { kind: 'field', name: part };
    return filtered[1] === '' ? { kind: 'all' } : { kind: 'filtered', id: filtered[1] as string };
  });
  if (segments.filter((s) => s.kind === 'positional').length > 1) {
    throw new CommandError(
      ErrorCode.BadValue,
      `Too many positional (i.e. '$') elements found in path '${text}'`,
    );
  }
  const first = segments[0] as Segment;
  if (first.kind === 'positional') {
    throw new CommandError(
      ErrorCode.BadValue,
      `Cannot have positional (i.e. '$') element in the first position in path '${text}'`,
    );
  }
  if (first.kind !== 'field') {
    throw new CommandError(
      ErrorCode.BadValue,
      `Cannot have array filter identifier (i.e. '$[<id>]') element in the first position in path '${text}'`,
    );
  }
  return { text, segments };
}

/** One step down: a document's own field, or an array's element by index. */
export function childOf(value: unknown, part: string): unknown {
  if (Array.isArray(value)) return isArrayIndex(part) ? value[Number(part)] : undefined;
  if (isPlainObject(value) && Object.hasOwn(value, part)) return value[part];
  return undefined;
}

/** Assigns a field without ever touching a prototype (`__proto__` is a legal field name). */
export function defineField(target: Doc, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

function setChild(container: Doc | unknown[], key: string, value: unknown): void {
  if (!Array.isArray(container)) return defineField(container, key, value);
  const index = Number(key);
  while (container.length < index) container.push(null); // MongoDB pads with nulls
  container[index] = value;
}

export interface ExpandContext {
  /** The element index the query matched in the array at `arrayPath`, for the positional `$`. */
  positional(arrayPath: string[]): number | undefined;
  /** The arrayFilters predicate of an identifier (they were checked when the update was parsed). */
  arrayFilter(id: string): (element: unknown) => boolean;
}

/** The concrete paths one update path stands for in `doc`: none when no element qualifies. */
export function expandPath(doc: Doc, path: UpdatePath, ctx: ExpandContext): string[][] {
  const out: string[][] = [];
  const walk = (value: unknown, i: number, prefix: string[]): void => {
    const segment = path.segments[i];
    if (!segment) {
      out.push(prefix);
      return;
    }
    if (segment.kind === 'field') return walk(childOf(value, segment.name), i + 1, [...prefix, segment.name]);
    if (segment.kind === 'positional') {
      const index = Array.isArray(value) ? ctx.positional(prefix) : undefined;
      if (index === undefined) {
        throw new CommandError(
          ErrorCode.BadValue,
          'The positional operator did not find the match needed from the query.',
        );
      }
      return walk(childOf(value, String(index)), i + 1, [...prefix, String(index)]);
    }
    if (value === undefined) {
      throw new CommandError(
        ErrorCode.BadValue,
        `The path '${prefix.join('.')}' must exist in the document in order to apply array updates.`,
      );
    }
    if (!Array.isArray(value)) {
      throw new CommandError(
        ErrorCode.BadValue,
        `Cannot apply array updates to non-array element ${prefix[prefix.length - 1]}: ${describeKey(value)}`,
      );
    }
    const keep = segment.kind === 'all' ? () => true : ctx.arrayFilter(segment.id);
    value.forEach((element, index) => {
      if (keep(element)) walk(element, i + 1, [...prefix, String(index)]);
    });
  };
  walk(doc, 0, []);
  return out;
}

/** Where a concrete path leads in a document being updated. */
export type Location =
  | { found: true; parent: Doc | unknown[]; key: string; value: unknown }
  | {
      found: false;
      /** The deepest existing container the rest of the path could be created in, if any. */
      parent: Doc | unknown[] | undefined;
      /** Parts still to create below `parent`. */
      rest: string[];
      /** The value that blocks the path, and its field name, for PathNotViable messages. */
      blocker: { name: string; value: unknown };
    };

export function locate(doc: Doc, parts: string[]): Location {
  let current: Doc | unknown[] = doc;
  let name = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const value = childOf(current, part);
    const exists = Array.isArray(current) ? value !== undefined : Object.hasOwn(current, part);
    if (!exists) {
      const creatable = !Array.isArray(current) || isArrayIndex(part);
      return {
        found: false,
        parent: creatable ? current : undefined,
        rest: parts.slice(i),
        blocker: { name, value: current },
      };
    }
    if (i === parts.length - 1) return { found: true, parent: current, key: part, value };
    if (!isPlainObject(value) && !Array.isArray(value)) {
      return { found: false, parent: undefined, rest: parts.slice(i + 1), blocker: { name: part, value } };
    }
    current = value;
    name = part;
  }
  throw new CommandError(ErrorCode.InternalError, 'empty update path');
}

/** Sets the value at a path, creating missing documents on the way; PathNotViable where it cannot. */
export function assign(doc: Doc, parts: string[], value: unknown, where?: Location): void {
  const location = where ?? locate(doc, parts);
  if (location.found) return setChild(location.parent, location.key, value);
  if (!location.parent) throw notViable(location);
  let container = location.parent;
  location.rest.forEach((part, i) => {
    const next = i === location.rest.length - 1 ? value : {};
    setChild(container, part, next);
    container = next as Doc;
  });
}

export function notViable(location: Extract<Location, { found: false }>): CommandError {
  return new CommandError(
    ErrorCode.PathNotViable,
    `Cannot create field '${location.rest[0]}' in element {${location.blocker.name}: ${describeKey(location.blocker.value)}}`,
  );
}

/** MongoDB applies an update's fields in path order: names lexicographically, indexes numerically. */
export function comparePaths(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x === y) continue;
    if (isArrayIndex(x) && isArrayIndex(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

export function overlaps(a: string[], b: string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}
