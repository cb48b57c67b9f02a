// Strings that sort (by JavaScript's string order) as compareBson orders the values they encode,
// like MongoDB's KeyString: an index sorts and searches its key tuples with native string
// comparison instead of calling compareBson. Each encoding starts with the type's rank, and none
// is a prefix of another, so a tuple's key is the concatenation of its values' keys.
import { toDouble, typeRank } from './bson-order.js';

const rankChar = (rank: number): string => String.fromCharCode(rank + 1);

// The bit pattern of a double, flipped so that unsigned order is numeric order.
const scratch = new DataView(new ArrayBuffer(8));
function orderedDouble(n: number): string {
  if (Number.isNaN(n)) return '0000000000000000'; // MongoDB orders NaN below every number
  scratch.setFloat64(0, n === 0 ? 0 : n); // -0 equals 0
  let high = scratch.getUint32(0);
  let low = scratch.getUint32(4);
  if (high & 0x80000000) {
    high = ~high >>> 0;
    low = ~low >>> 0;
  } else {
    high = (high | 0x80000000) >>> 0;
  }
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}

// A NUL inside a string is written NUL+1, and a string ends with NUL+NUL, which sorts below any character.
const escapeNul = (text: string): string => text.replaceAll('\u0000', '\u0000\u0001');

/** The order key of a value, or undefined for types it does not encode (documents, arrays, binary, regexes). */
export function orderKey(value: unknown): string | undefined {
  const rank = typeRank(value);
  const prefix = rankChar(rank);
  switch (rank) {
    case 0: // MinKey
    case 1: // null (and a missing field)
    case 12: // MaxKey
      return prefix;
    case 2:
      return prefix + orderedDouble(toDouble(value));
    case 3:
      return `${prefix}${escapeNul(String(value))}\u0000\u0000`;
    case 7:
      return prefix + (value as { toHexString(): string }).toHexString();
    case 8:
      return prefix + (value ? '1' : '0');
    case 9:
      return prefix + orderedDouble((value as Date).getTime());
    case 10: {
      const { t, i } = value as { t: number; i: number };
      return prefix + t.toString(16).padStart(8, '0') + i.toString(16).padStart(8, '0');
    }
    default:
      return undefined;
  }
}

/** The lowest and highest keys of a value's type bracket: every key of that type lies between them. */
export function bracketKeys(value: unknown): { first: string; last: string } {
  const rank = typeRank(value);
  return { first: rankChar(rank), last: rankChar(rank + 1) };
}

/** A key above every tuple key that starts with `key` and below every greater one. */
export const afterPrefix = (key: string): string => `${key}\uffff`;
