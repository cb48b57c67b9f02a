// mingo only does arithmetic on JS numbers: it silently skips Decimal128 (and Long beyond 2^53,
// which bson cannot promote to a number) in $sum/$avg; the update operators have no arithmetic
// for them either. Rather than return wrong figures, such operations are refused.
import { $push } from 'mingo/operators/accumulator';
import type { Options } from 'mingo/types';
import { bsonTag, type Doc } from './bson-order.js';
import { unsupported } from './errors.js';

export function isWrappedNumber(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const tag = bsonTag(value);
  return tag === 'Decimal128' || tag === 'Long';
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
