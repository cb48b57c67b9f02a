// A `hint` picks the index MongoDB scans: documents come back in that index's order (when no sort
// is given) and a sparse index holds only documents that have one of its fields. A hint naming no
// index is refused, as by MongoDB's planner.
import { canonicalKey, isPlainObject, type Doc } from './bson-order.js';
import type { Collection } from './collection.js';
import { CommandError, ErrorCode, unsupported } from './errors.js';
import { flatValuesAtPath } from './field-path.js';
import { sortDocuments, type SortSpec } from './query-engine.js';

export type ScanOrder = (docs: Doc[]) => Doc[];

const natural: ScanOrder = (docs) => docs;

const noSuchIndex = () =>
  new CommandError(
    ErrorCode.BadValue,
    'error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index',
  );

/** How the hinted index orders and restricts matching documents; undefined hint → natural order. */
export function hintedScan(collection: Collection | undefined, hint: unknown): ScanOrder {
  if (hint === undefined || hint === null) return natural;
  if (typeof hint !== 'string' && !isPlainObject(hint)) {
    throw new CommandError(ErrorCode.FailedToParse, 'hint must be either a string or nested object');
  }
  if (isPlainObject(hint) && Object.keys(hint).length === 0) return natural;
  if (isPlainObject(hint) && Object.hasOwn(hint, '$natural')) {
    return hint.$natural === -1 ? (docs) => [...docs].reverse() : natural;
  }
  if (!collection) return natural; // a missing collection is scanned by no plan at all
  const spec = collection
    .indexSpecs()
    .find((s) => (typeof hint === 'string' ? s.name === hint : canonicalKey(s.key) === canonicalKey(hint)));
  if (!spec) throw noSuchIndex();
  const key = Object.entries(spec.key);
  if (!key.every(([, direction]) => direction === 1 || direction === -1)) {
    throw unsupported(`a hint on the ${spec.name} index (only ascending/descending indexes are ordered)`);
  }
  if (spec.partialFilterExpression) throw unsupported(`a hint on the partial index ${spec.name}`);
  const fields = key.map(([field]) => field);
  return (docs) => {
    const indexed = spec.sparse
      ? docs.filter((doc) => fields.some((f) => flatValuesAtPath(doc, f).length > 0))
      : docs;
    return sortDocuments(indexed, spec.key as SortSpec);
  };
}
