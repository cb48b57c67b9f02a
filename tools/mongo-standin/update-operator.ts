// What every update operator is: `parse` checks the operand once per update (errors even when
// nothing matches), `apply` changes one concrete path of a document copy and throws MongoDB's
// error where MongoDB refuses (the caller then discards the copy).
import type { Doc } from './bson-order.js';
import { bsonTypeNumber } from './bson-query-operators.js';
import { CommandError, ErrorCode } from './errors.js';
import { describeKey } from './index-keys.js';

export interface ApplyEnvironment {
  /** `_id` of the document, quoted in error messages. */
  id: unknown;
  now: Date;
}

export interface UpdateOperator {
  parse(operand: unknown, path: string): unknown;
  apply(doc: Doc, parts: string[], operand: unknown, env: ApplyEnvironment): void;
  /** The second path the operator writes, named by its operand (`$rename`'s target). */
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

export const badValue = (message: string) => new CommandError(ErrorCode.BadValue, message);
export const idText = (env: ApplyEnvironment) => `_id: ${describeKey(env.id)}`;
export const last = (parts: string[]) => parts[parts.length - 1] as string;
export const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
