// Find projections. mingo does the inclusions, exclusions and expressions; `$elemMatch` and `$slice`
// are done here, because mingo counts `$slice` as an inclusion (MongoDB allows it beside
// exclusions) and its `$elemMatch` only takes field conditions.
import { isPlainObject, type Doc } from './bson-order.js';
import { CommandError, ErrorCode } from './errors.js';
import { cloneDocument, elementMatcher, runPipeline } from './query-engine.js';
import { includeFields, inclusionTree } from './inclusion-projection.js';

type ArrayProjection = {
  field: string;
  elemMatch?: (element: unknown) => boolean;
  slice?: [number, number?];
};

function parseSlice(field: string, spec: unknown): [number, number?] {
  if (typeof spec === 'number' && Number.isInteger(spec)) return [spec];
  if (
    Array.isArray(spec) &&
    spec.length === 2 &&
    spec.every((n) => typeof n === 'number' && Number.isInteger(n))
  ) {
    if ((spec[1] as number) <= 0) {
      throw new CommandError(
        ErrorCode.BadValue,
        `$slice limit must be positive, got ${String(spec[1])} for '${field}'`,
      );
    }
    return [spec[0] as number, spec[1] as number];
  }
  throw new CommandError(
    ErrorCode.BadValue,
    `$slice only supports numbers and [skip, limit] arrays, field '${field}'`,
  );
}

function sliceArray(array: unknown[], [first, limit]: [number, number?]): unknown[] {
  if (limit === undefined)
    return first >= 0 ? array.slice(0, first) : array.slice(Math.max(0, array.length + first));
  const skip = first >= 0 ? first : Math.max(0, array.length + first);
  return array.slice(skip, skip + limit);
}

function applySlice(value: unknown, parts: string[], slice: [number, number?]): unknown {
  if (parts.length === 0) return Array.isArray(value) ? sliceArray(value, slice) : value;
  if (Array.isArray(value)) return value.map((element) => applySlice(element, parts, slice));
  if (!isPlainObject(value) || !Object.hasOwn(value, parts[0] as string)) return value;
  const [head, ...rest] = parts as [string, ...string[]];
  value[head] = applySlice(value[head], rest, slice);
  return value;
}

export function projectDocuments(docs: Doc[], projection: unknown): Doc[] {
  if (projection === undefined || projection === null) return docs;
  if (!isPlainObject(projection)) {
    throw new CommandError(ErrorCode.TypeMismatch, 'projection must be a document');
  }
  if (Object.keys(projection).length === 0) return docs;
  const inclusion = inclusionTree(projection);
  if (inclusion) return docs.map((doc) => includeFields(doc, inclusion.tree));
  const arrays: ArrayProjection[] = [];
  const rest: Doc = {};
  for (const [field, spec] of Object.entries(projection)) {
    const single = isPlainObject(spec) && Object.keys(spec).length === 1 ? Object.keys(spec)[0] : undefined;
    if (single === '$elemMatch' && isPlainObject((spec as Doc).$elemMatch)) {
      if (field.includes('.')) {
        throw new CommandError(ErrorCode.BadValue, 'Cannot use $elemMatch projection on a nested field.');
      }
      arrays.push({ field, elemMatch: elementMatcher((spec as Doc).$elemMatch as Doc) });
    } else if (single === '$slice') {
      arrays.push({ field, slice: parseSlice(field, (spec as Doc).$slice) });
    } else {
      rest[field] = spec;
    }
  }
  if (arrays.length === 0) return runPipeline(docs, [{ $project: projection }]);
  const excluding = Object.entries(rest).some(([f, v]) => f !== '_id' && (v === 0 || v === false));
  const including =
    !excluding && (Object.keys(rest).some((f) => f !== '_id') || arrays.some((a) => a.elemMatch));
  if (including) for (const { field } of arrays) rest[field] = 1;
  const projected =
    Object.keys(rest).length > 0 ? runPipeline(docs, [{ $project: rest }]) : docs.map(cloneDocument);
  return projected.map((doc, i) => {
    for (const { field, elemMatch, slice } of arrays) {
      if (elemMatch) {
        const source = (docs[i] as Doc)[field];
        const match = Array.isArray(source) ? source.find(elemMatch) : undefined;
        if (match === undefined) delete doc[field];
        else doc[field] = [cloneDocument(match)];
      } else if (slice) {
        applySlice(doc, field.split('.'), slice);
      }
    }
    return doc;
  });
}
