import { canonicalKey, isPlainObject, type Doc } from './bson-order.js';
import { CommandError, ErrorCode, unsupported } from './errors.js';
import { compileFilter } from './query-engine.js';

export interface IndexSpec extends Doc {
  v: number;
  key: Doc;
  name: string;
  unique?: true;
  sparse?: true;
  partialFilterExpression?: Doc;
}

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

// Options that only affect performance or other index types; recorded and shown by listIndexes.
// TTL (expireAfterSeconds) is recorded but documents are never expired.
const RECORDED_OPTIONS = new Set([
  'expireAfterSeconds',
  'hidden',
  'weights',
  'default_language',
  'language_override',
  'textIndexVersion',
  '2dsphereIndexVersion',
  'bits',
  'min',
  'max',
  'wildcardProjection',
]);
// Valid in MongoDB but changing semantics in ways the stand-in does not implement.
const UNSUPPORTED_OPTIONS = new Set([
  'collation',
  'storageEngine',
  'clustered',
  'prepareUnique',
  'columnstoreProjection',
]);
const KEY_TYPES = new Set(['text', '2dsphere', '2d', 'hashed']);

const specError = (message: string, raw: unknown) =>
  new CommandError(
    ErrorCode.CannotCreateIndex,
    `Error in specification ${JSON.stringify(raw)} :: caused by :: ${message}`,
  );

/** Validates one entry of `createIndexes.indexes` and returns its normalised form. */
export function parseIndexSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw)) {
    throw new CommandError(ErrorCode.TypeMismatch, 'index specification must be a document');
  }
  const {
    key,
    name,
    v,
    unique,
    sparse,
    partialFilterExpression,
    background: _background,
    ns: _ns,
    ...rest
  } = raw;
  if (!isPlainObject(key) || Object.keys(key).length === 0) {
    throw specError("The 'key' field must be a non-empty document", raw);
  }
  for (const [field, type] of Object.entries(key)) {
    const valid =
      (typeof type === 'number' && type !== 0) || (typeof type === 'string' && KEY_TYPES.has(type));
    if (!valid)
      throw specError(
        `Values in the index key pattern can't be ${JSON.stringify(type)} (field '${field}')`,
        raw,
      );
  }
  if (typeof name !== 'string' || name === '') {
    throw specError("The 'name' field is a required property of an index specification", raw);
  }
  const spec: IndexSpec = { v: typeof v === 'number' ? v : 2, key, name };
  if (unique === true || unique === 1) spec.unique = true;
  if (sparse === true || sparse === 1) spec.sparse = true;
  if (partialFilterExpression !== undefined) {
    if (!isPlainObject(partialFilterExpression)) {
      throw specError('partialFilterExpression must be a document', raw);
    }
    compileFilter(partialFilterExpression); // reject malformed filters now rather than on every write
    spec.partialFilterExpression = partialFilterExpression;
  }
  for (const [option, value] of Object.entries(rest)) {
    if (UNSUPPORTED_OPTIONS.has(option)) throw unsupported(`the index option '${option}'`);
    if (!RECORDED_OPTIONS.has(option)) {
      throw new CommandError(
        ErrorCode.InvalidIndexSpecificationOption,
        `The field '${option}' is not valid for an index specification. Specification: ${JSON.stringify(raw)}`,
      );
    }
    spec[option] = value;
  }
  return spec;
}

/** Everything but the name and version: two specs with equal definitions describe the same index. */
function definitionKey(spec: IndexSpec): string {
  const { name: _name, v: _v, ...definition } = spec;
  return canonicalKey(definition);
}

export function sameDefinition(a: IndexSpec, b: IndexSpec): boolean {
  return definitionKey(a) === definitionKey(b);
}

export function sameKeyPattern(a: IndexSpec, b: IndexSpec): boolean {
  return canonicalKey(a.key) === canonicalKey(b.key);
}
