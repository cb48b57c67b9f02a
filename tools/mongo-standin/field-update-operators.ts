// MongoDB's update operators on one field: $set, $setOnInsert, $unset, $inc, $mul, $min, $max,
// $currentDate, $rename, $bit.
import { Timestamp } from 'bson';
import { compareBson, isPlainObject, type Doc } from './bson-order.js';
import { CommandError, ErrorCode, unsupported } from './errors.js';
import { describeKey } from './index-keys.js';
import { isWrappedNumber } from './numeric-guards.js';
import { cloneDocument } from './query-engine.js';
import { badValue, idText, isInteger, last, typeName, type UpdateOperator } from './update-operator.js';
import { assign, locate } from './update-paths.js';

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

export const FIELD_UPDATE_OPERATORS: Record<string, UpdateOperator> = {
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
  $bit,
};
