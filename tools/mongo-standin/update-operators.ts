// MongoDB's update operators, each in two halves: `parse` checks the operand once per update
// (errors even when nothing matches), `apply` changes one concrete path of a document copy and
// throws MongoDB's error where MongoDB refuses (the caller then discards the copy).
import { Timestamp } from 'bson';
import { bsonEquals, compareBson, isPlainObject, type Doc } from './bson-order.js';
import { bsonTypeNumber } from './bson-query-operators.js';
import { CommandError, ErrorCode, unsupported } from './errors.js';
import { describeKey } from './index-keys.js';
import { isWrappedNumber } from './numeric-guards.js';
import { cloneDocument, compileFilter, parseSort, sortDocuments } from './query-engine.js';
import { assign, locate, notViable, type Location } from './update-paths.js';

export interface ApplyEnvironment {
  /** `_id` of the document, quoted in error messages. */
  id: unknown;
  now: Date;
}

export interface UpdateOperator {
  parse(operand: unknown, path: string): unknown;
  apply(doc: Doc, parts: string[], operand: unknown, env: ApplyEnvironment): void;
  /** Whether the operator reads a second path (`$rename`'s target), as its operand. */
  targetPath?: (operand: unknown) => string;
}

const TYPE_NAMES: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  13: 'javascript',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
};
export const typeName = (value: unknown): string => TYPE_NAMES[bsonTypeNumber(value)] ?? 'object';

const badValue = (message: string) => new CommandError(ErrorCode.BadValue, message);
const idText = (env: ApplyEnvironment) => `_id: ${describeKey(env.id)}`;
const last = (parts: string[]) => parts[parts.length - 1] as string;
const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function numericOperand(verb: string) {
  return (operand: unknown, path: string): unknown => {
    if (isWrappedNumber(operand))
      throw unsupported(`arithmetic on Decimal128 or 64-bit Long values (field '${path}')`);
    if (typeof operand !== 'number') {
      throw new CommandError(
        ErrorCode.TypeMismatch,
        `Cannot ${verb} with non-numeric argument: {${path}: ${describeKey(operand)}}`,
      );
    }
    return operand;
  };
}

function arithmetic(
  name: string,
  verb: string,
  combine: (a: number, b: number) => number,
  missing: (b: number) => number,
): UpdateOperator {
  return {
    parse: numericOperand(verb),
    apply(doc, parts, operand, env) {
      const at = locate(doc, parts);
      if (!at.found) return assign(doc, parts, missing(operand as number), at);
      if (isWrappedNumber(at.value))
        throw unsupported(`${name} on Decimal128 or 64-bit Long values (field '${parts.join('.')}')`);
      if (typeof at.value !== 'number') {
        throw new CommandError(
          ErrorCode.TypeMismatch,
          `Cannot apply ${name} to a value of non-numeric type. {${idText(env)}} has the field '${last(parts)}' of non-numeric type ${typeName(at.value)}`,
        );
      }
      assign(doc, parts, combine(at.value, operand as number), at);
    },
  };
}

function comparison(keepNew: (order: number) => boolean): UpdateOperator {
  return {
    parse: (operand) => operand,
    apply(doc, parts, operand) {
      const at = locate(doc, parts);
      if (!at.found || keepNew(compareBson(operand, at.value)))
        assign(doc, parts, cloneDocument(operand), at);
    },
  };
}

/** The array at a path for operators that never create one: undefined when there is none to change. */
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

const $unset: UpdateOperator = {
  parse: () => true,
  apply(doc, parts) {
    const at = locate(doc, parts);
    if (!at.found) return;
    if (Array.isArray(at.parent))
      at.parent[Number(at.key)] = null; // an element becomes null, as in MongoDB
    else delete at.parent[at.key];
  },
};

const $set: UpdateOperator = {
  parse: (operand) => operand,
  apply(doc, parts, operand) {
    assign(doc, parts, cloneDocument(operand));
  },
};

const $currentDate: UpdateOperator = {
  parse(operand) {
    if (typeof operand === 'boolean') return 'date';
    if (
      isPlainObject(operand) &&
      (operand.$type === 'date' || operand.$type === 'timestamp') &&
      Object.keys(operand).length === 1
    ) {
      return operand.$type;
    }
    throw badValue(
      `${describeKey(operand)} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`,
    );
  },
  apply(doc, parts, operand, env) {
    const value =
      operand === 'timestamp'
        ? new Timestamp({ t: Math.floor(env.now.getTime() / 1000), i: 1 })
        : new Date(env.now.getTime());
    assign(doc, parts, value);
  },
};

const $rename: UpdateOperator = {
  parse(operand, path) {
    if (typeof operand !== 'string') {
      throw badValue(`The 'to' field for $rename must be a string: ${path}: ${describeKey(operand)}`);
    }
    if (operand === path)
      throw badValue(`The source and target field for $rename must differ: ${path}: "${operand}"`);
    if (operand.split('.').some((p) => p.startsWith('$'))) {
      throw badValue(`The destination field for $rename may not be dynamic: ${operand}`);
    }
    return operand;
  },
  targetPath: (operand) => operand as string,
  apply(doc, parts, operand, env) {
    const source = locate(doc, parts);
    if (!source.found) return;
    if (Array.isArray(source.parent)) {
      throw badValue(
        `The source field cannot be an array element, '${parts.join('.')}' in doc with ${idText(env)} has an array field called '${parts[parts.length - 2]}'`,
      );
    }
    const target = (operand as string).split('.');
    const destination = locate(doc, target);
    if (
      destination.found
        ? Array.isArray(destination.parent)
        : Array.isArray(destination.parent) || Array.isArray(destination.blocker.value)
    ) {
      throw badValue(
        `The destination field cannot be an array element, '${operand as string}' in doc with ${idText(env)} has an array field`,
      );
    }
    delete source.parent[source.key];
    assign(doc, target, source.value);
  },
};

const $bit: UpdateOperator = {
  parse(operand, path) {
    if (!isPlainObject(operand)) {
      throw badValue(
        `The $bit modifier is not compatible with a ${typeName(operand)}. You must pass in an embedded document: {$bit: {field: {and/or/xor: #}}`,
      );
    }
    for (const [op, value] of Object.entries(operand)) {
      if (!['and', 'or', 'xor'].includes(op)) {
        throw badValue(
          `The $bit modifier only supports 'and', 'or', and 'xor', not '${op}' which is an unknown operator: {${op}: ${describeKey(value)}}`,
        );
      }
      if (isWrappedNumber(value)) throw unsupported(`$bit with 64-bit Long values (field '${path}')`);
      if (!isInteger(value))
        throw badValue(
          `The $bit modifier field must be an Integer(32/64 bit); a '${typeName(value)}' is not supported here: {${op}: ${describeKey(value)}}`,
        );
    }
    return operand;
  },
  apply(doc, parts, operand, env) {
    const at = locate(doc, parts);
    let value = 0;
    if (at.found) {
      if (isWrappedNumber(at.value))
        throw unsupported(`$bit on 64-bit Long values (field '${parts.join('.')}')`);
      if (!isInteger(at.value)) {
        throw badValue(
          `Cannot apply $bit to a value of non-integral type.{${idText(env)}} has the field ${last(parts)} of non-integer type ${typeName(at.value)}`,
        );
      }
      value = at.value;
    }
    for (const [op, mask] of Object.entries(operand as Doc)) {
      value =
        op === 'and'
          ? value & (mask as number)
          : op === 'or'
            ? value | (mask as number)
            : value ^ (mask as number);
    }
    assign(doc, parts, value, at);
  },
};

export const UPDATE_OPERATORS: Record<string, UpdateOperator> = {
  $set,
  $setOnInsert: $set,
  $unset,
  $inc: arithmetic(
    '$inc',
    'increment',
    (a, b) => a + b,
    (b) => b,
  ),
  $mul: arithmetic(
    '$mul',
    'multiply',
    (a, b) => a * b,
    () => 0,
  ),
  $min: comparison((order) => order < 0),
  $max: comparison((order) => order > 0),
  $currentDate,
  $rename,
  $push,
  $addToSet,
  $pop,
  $pull: culling('$pull', pullMatcher),
  $pullAll: culling('$pullAll', (operand) => {
    if (!Array.isArray(operand))
      throw badValue(`$pullAll requires an array argument but was given a ${typeName(operand)}`);
    return (element) => operand.some((value) => bsonEquals(element, value));
  }),
  $bit,
};
