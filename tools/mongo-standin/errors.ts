import { MingoError } from 'mingo/util';
import type { Doc } from './bson-order.js';

/** The subset of MongoDB's error codes (src/mongo/base/error_codes.yml) the stand-in reports. */
export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  Unauthorized: 13,
  TypeMismatch: 14,
  IllegalOperation: 20,
  PathNotViable: 28,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  DollarPrefixedFieldName: 52,
  EmptyFieldName: 56,
  CommandNotFound: 59,
  ConflictingUpdateOperators: 40,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CommandNotSupported: 115,
  CannotIndexParallelArrays: 171,
  InvalidIndexSpecificationOption: 197,
  UnsupportedOpQueryCommand: 352,
  BSONObjectTooLarge: 10334,
  DuplicateKey: 11000,
} as const;

const CODE_NAMES = new Map<number, string>(Object.entries(ErrorCode).map(([name, code]) => [code, name]));

/** An error that becomes MongoDB's `{ ok: 0, errmsg, code, codeName }` reply shape. */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** Extra reply fields, e.g. keyPattern/keyValue of a duplicate key error. */
    readonly details: Doc = {},
  ) {
    super(message);
  }

  get codeName(): string {
    return CODE_NAMES.get(this.code) ?? `Location${this.code}`;
  }
}

// MongoDB query operators mingo lacks or has switched off: refused as unsupported (115), so that they
// are not mistaken for a malformed query (2, which is what mingo's own error would become).
const UNSUPPORTED_QUERY_OPERATORS = new Map([
  ...['$where', '$function', '$accumulator'].map((op) => [op, 'server-side JavaScript'] as const),
  ...['$near', '$nearSphere', '$geoWithin', '$geoIntersects'].map(
    (op) => [op, 'geospatial queries'] as const,
  ),
  ['$text', 'text search'] as const,
  ...['$id', '$ref', '$db'].map((op) => [op, 'queries on DBRef fields'] as const),
]);

export function toCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  // mingo reports malformed queries, updates and pipelines: these are the client's fault.
  if (error instanceof MingoError) {
    // A stage inside $facet, $lookup or $unionWith that mingo does not know.
    const stage = /^unregistered pipeline operator (\$\w+)/.exec(error.message)?.[1];
    if (stage) return new CommandError(40324, `Unrecognized pipeline stage name: '${stage}'`);
    const operator =
      /operator:? (\$\w+)/.exec(error.message)?.[1] ??
      /^(\$\w+) (?:operator )?requires 'scriptEnabled'/.exec(error.message)?.[1];
    if (operator && UNSUPPORTED_QUERY_OPERATORS.has(operator)) {
      return unsupported(`the ${operator} query operator (${UNSUPPORTED_QUERY_OPERATORS.get(operator)})`);
    }
    return new CommandError(ErrorCode.BadValue, error.message);
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'BSONError') {
    return new CommandError(ErrorCode.BadValue, message);
  }
  return new CommandError(ErrorCode.InternalError, `mongo-standin internal error: ${message}`);
}

export function errorReply(error: unknown): Doc {
  const e = toCommandError(error);
  return { ok: 0, errmsg: e.message, code: e.code, codeName: e.codeName, ...e.details };
}

/** The per-statement entry of `writeErrors` in insert/update/delete replies. */
export function writeError(index: number, error: unknown): Doc {
  const e = toCommandError(error);
  return { index, code: e.code, errmsg: e.message, ...e.details };
}

export function unsupported(what: string): CommandError {
  return new CommandError(ErrorCode.CommandNotSupported, `mongo-standin does not support ${what}`);
}
