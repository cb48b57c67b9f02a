// mingo only does arithmetic on JS numbers: it silently skips Decimal128 (and Long beyond 2^53,
// which bson cannot promote to a number) in $inc/$mul/$min/$max and in $sum/$avg. Rather than
// return wrong figures, these guards refuse such operations.
import { $push } from 'mingo/operators/accumulator';
import type { Options } from 'mingo/types';
import { bsonTag, type Doc } from './bson-order.js';
import { unsupported } from './errors.js';
import { resolvePath } from './field-path.js';

const ARITHMETIC_UPDATES = ['$inc', '$mul', '$min', '$max'];

function isWrappedNumber(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const tag = bsonTag(value);
  return tag === 'Decimal128' || tag === 'Long';
}

/** Throws when an arithmetic update operator would meet a Decimal128/Long operand or field. */
export function assertPlainArithmetic(doc: Doc, operators: Doc): void {
  for (const op of ARITHMETIC_UPDATES) {
    for (const [path, operand] of Object.entries((operators[op] as Doc | undefined) ?? {})) {
      // 'items.$[i].q' → 'items.q': resolvePath traverses the array elements.
      const plainPath = path
        .split('.')
        .filter((part) => !part.startsWith('$'))
        .join('.');
      if (isWrappedNumber(operand) || resolvePath(doc, plainPath).values.some(isWrappedNumber)) {
        throw unsupported(`${op} on Decimal128 or 64-bit Long values (field '${path}')`);
      }
    }
  }
}

type Accumulator = (collection: Doc[], expr: unknown, options: Options) => unknown;

/** Wraps a mingo accumulator so that it refuses Decimal128/Long inputs instead of skipping them. */
export function guardAccumulator(name: string, accumulator: Accumulator): Accumulator {
  return (collection, expr, options) => {
    // $push evaluates `expr` per document exactly as mingo's $sum and $avg do internally.
    if ($push(collection, expr, options).some(isWrappedNumber)) {
      throw unsupported(`${name} over Decimal128 or 64-bit Long values`);
    }
    return accumulator(collection, expr, options);
  };
}
