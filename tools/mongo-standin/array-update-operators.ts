// MongoDB's update operators on arrays: $push, $addToSet, $pop, $pull, $pullAll.
import { bsonEquals, compareBson, isPlainObject, type Doc } from './bson-order.js';
import { CommandError, ErrorCode } from './errors.js';
import { describeKey } from './index-keys.js';
import { cloneDocument, compileFilter, parseSort, sortDocuments } from './query-engine.js';
import { badValue, idText, isInteger, last, typeName, type UpdateOperator } from './update-operator.js';
import { assign, locate, notViable, type Location } from './update-paths.js';

function existingArray(at: Location, refuse: (value: unknown) => CommandError): unknown[] | undefined {
  if (!at.found) return undefined;
  if (!Array.isArray(at.value)) throw refuse(at.value);
  return at.value;
}

/** The array at a path for operators that create one; refuses anything else. */
function growableArray(
  doc: Doc,
  parts: string[],
  at: Location,
  refuse: (value: unknown) => CommandError,
): unknown[] {
  if (at.found) {
    if (!Array.isArray(at.value)) throw refuse(at.value);
    return at.value;
  }
  if (!at.parent) throw notViable(at);
  const created: unknown[] = [];
  assign(doc, parts, created, at);
  return created;
}

interface PushSpec {
  each: unknown[];
  slice?: number;
  sort?: 1 | -1 | Doc;
  position?: number;
}

function parsePush(operand: unknown): PushSpec {
  if (!isPlainObject(operand) || !Object.hasOwn(operand, '$each')) return { each: [operand] };
  const spec: PushSpec = { each: [] };
  for (const [key, value] of Object.entries(operand)) {
    switch (key) {
      case '$each':
        if (!Array.isArray(value)) {
          throw badValue(
            `The argument to $each in $push must be an array but it was of type: ${typeName(value)}`,
          );
        }
        spec.each = value;
        break;
      case '$slice':
        if (!isInteger(value))
          throw badValue(
            `The value for $slice must be an integer value but was given type: ${typeName(value)}`,
          );
        spec.slice = value;
        break;
      case '$position':
        if (!isInteger(value))
          throw badValue(`The value for $position must be an integer value, not of type: ${typeName(value)}`);
        spec.position = value;
        break;
      case '$sort':
        if (value !== 1 && value !== -1 && !(isPlainObject(value) && Object.keys(value).length > 0)) {
          throw badValue(
            'The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields',
          );
        }
        spec.sort = isPlainObject(value) ? parseSort(value) : value;
        break;
      default:
        throw badValue(`Unrecognized clause in $push: ${key}`);
    }
  }
  return spec;
}

const $push: UpdateOperator = {
  parse: parsePush,
  apply(doc, parts, operand, env) {
    const spec = operand as PushSpec;
    const array = growableArray(doc, parts, locate(doc, parts), (value) =>
      badValue(
        `The field '${last(parts)}' must be an array but is of type ${typeName(value)} in document {${idText(env)}}`,
      ),
    );
    const at =
      spec.position === undefined
        ? array.length
        : spec.position < 0
          ? Math.max(0, array.length + spec.position)
          : Math.min(spec.position, array.length);
    array.splice(at, 0, ...spec.each.map(cloneDocument));
    if (spec.sort !== undefined) {
      const sorted =
        typeof spec.sort === 'number'
          ? [...array].sort((a, b) => compareBson(a, b) * (spec.sort as number))
          : sortDocuments(array, spec.sort as Record<string, 1 | -1>);
      array.splice(0, array.length, ...sorted);
    }
    if (spec.slice !== undefined) {
      const kept =
        spec.slice >= 0 ? array.slice(0, spec.slice) : array.slice(Math.max(0, array.length + spec.slice));
      array.splice(0, array.length, ...kept);
    }
  },
};

const $addToSet: UpdateOperator = {
  parse(operand) {
    if (!isPlainObject(operand) || !Object.hasOwn(operand, '$each')) return [operand];
    if (!Array.isArray(operand.$each)) {
      throw badValue(
        `The argument to $each in $addToSet must be an array but it was of type ${typeName(operand.$each)}`,
      );
    }
    const extra = Object.keys(operand).find((k) => k !== '$each');
    if (extra) throw badValue(`Found unexpected fields after $each in $addToSet: ${describeKey(operand)}`);
    return operand.$each;
  },
  apply(doc, parts, operand) {
    const array = growableArray(doc, parts, locate(doc, parts), (value) =>
      badValue(
        `Cannot apply $addToSet to non-array field. Field named '${last(parts)}' has non-array type ${typeName(value)}`,
      ),
    );
    for (const value of operand as unknown[]) {
      if (!array.some((existing) => bsonEquals(existing, value))) array.push(cloneDocument(value));
    }
  },
};

/** How $pull decides which elements go (MongoDB's ObjectMatcher, WrappedObjectMatcher, EqualityMatcher). */
function pullMatcher(condition: unknown): (element: unknown) => boolean {
  if (!isPlainObject(condition)) return (element) => bsonEquals(element, condition);
  const first = Object.keys(condition)[0];
  const queryOnElement =
    first === undefined ||
    !first.startsWith('$') ||
    ['$and', '$or', '$nor', '$expr', '$where', '$text', '$comment'].includes(first);
  if (queryOnElement) {
    // A query document: applied to each element that is a document, as to a document in a collection.
    const test = compileFilter(condition);
    return (element) => isPlainObject(element) && test(element);
  }
  const test = compileFilter({ v: condition });
  return (element) => test({ v: element });
}

function culling(name: string, parse: (operand: unknown) => (element: unknown) => boolean): UpdateOperator {
  return {
    parse,
    apply(doc, parts, operand) {
      const array = existingArray(locate(doc, parts), () =>
        badValue(`Cannot apply ${name} to a non-array value`),
      );
      if (!array) return;
      const remove = operand as (element: unknown) => boolean;
      const kept = array.filter((element) => !remove(element));
      if (kept.length !== array.length) array.splice(0, array.length, ...kept);
    },
  };
}

const $pop: UpdateOperator = {
  parse(operand) {
    if (operand !== 1 && operand !== -1) {
      throw new CommandError(ErrorCode.FailedToParse, `$pop expects 1 or -1, found: ${describeKey(operand)}`);
    }
    return operand;
  },
  apply(doc, parts, operand) {
    const array = existingArray(
      locate(doc, parts),
      (value) =>
        new CommandError(
          ErrorCode.TypeMismatch,
          `Path '${parts.join('.')}' contains an element of non-array type '${typeName(value)}'`,
        ),
    );
    if (!array || array.length === 0) return;
    if (operand === 1) array.pop();
    else array.shift();
  },
};

export const ARRAY_UPDATE_OPERATORS: Record<string, UpdateOperator> = {
  $push,
  $addToSet,
  $pop,
  $pull: culling('$pull', pullMatcher),
  $pullAll: culling('$pullAll', (operand) => {
    if (!Array.isArray(operand)) {
      throw badValue(`$pullAll requires an array argument but was given a ${typeName(operand)}`);
    }
    return (element) => operand.some((value) => bsonEquals(element, value));
  }),
};
