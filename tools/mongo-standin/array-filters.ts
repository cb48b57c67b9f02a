// arrayFilters of an update: one predicate per identifier, checked the way MongoDB parses them.
import { isPlainObject, type Doc } from './bson-order.js';
import { CommandError, ErrorCode } from './errors.js';
import { compileFilter } from './query-engine.js';

export type ArrayFilters = Map<string, (element: unknown) => boolean>;

/** The identifier a filter such as `{ 'e.s': 1, e.n: { $gt: 0 } }` names, checked like MongoDB does. */
function filterIdentifier(filter: Doc): string {
  const names = new Set<string>();
  const collect = (part: Doc): void => {
    for (const [key, value] of Object.entries(part)) {
      if (['$and', '$or', '$nor'].includes(key) && Array.isArray(value)) {
        for (const sub of value) if (isPlainObject(sub)) collect(sub);
      } else if (!key.startsWith('$')) {
        names.add(key.split('.')[0] as string);
      }
    }
  };
  collect(filter);
  const [id, other] = [...names];
  if (id === undefined) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      'Error parsing array filter :: caused by :: Cannot use an expression without a top-level field name in arrayFilters',
    );
  }
  if (other !== undefined) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      `Error parsing array filter :: caused by :: Expected a single top-level field name, found '${id}' and '${other}'`,
    );
  }
  if (!/^[a-z][a-zA-Z0-9]*$/.test(id)) {
    throw new CommandError(
      ErrorCode.BadValue,
      `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${id}'`,
    );
  }
  return id;
}

export function parseArrayFilters(arrayFilters: unknown[]): ArrayFilters {
  const filters: ArrayFilters = new Map();
  for (const filter of arrayFilters) {
    if (!isPlainObject(filter)) {
      throw new CommandError(ErrorCode.TypeMismatch, 'Each array filter must be an object');
    }
    const id = filterIdentifier(filter);
    if (filters.has(id)) {
      throw new CommandError(
        ErrorCode.FailedToParse,
        `Found multiple array filters with the same top-level field name ${id}`,
      );
    }
    const test = compileFilter(filter);
    filters.set(id, (element) => test({ [id]: element }));
  }
  return filters;
}
