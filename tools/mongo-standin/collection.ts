import { BSON, UUID } from 'bson';
import { canonicalKey, isPlainObject, type Doc } from './bson-order.js';
import { CommandError, ErrorCode } from './errors.js';
import { duplicateKeyError, indexEntries, type IndexEntry } from './index-keys.js';
import { ID_INDEX, sameDefinition, sameKeyPattern, type IndexSpec } from './index-spec.js';
import { MAX_BSON_OBJECT_SIZE } from './limits.js';
import { compileFilter } from './query-engine.js';

interface UniqueIndex {
  spec: IndexSpec;
  inPartialIndex: (doc: Doc) => boolean;
  /** index entry key → canonical `_id` of the document holding it */
  owners: Map<string, string>;
}

/**
 * Documents of one collection in natural (insertion) order, keyed by `_id`, plus its indexes.
 * Every write goes through insert/replace/remove, which check all unique indexes before
 * changing anything. Stored documents are never mutated: updates replace them with a new object,
 * so open cursors keep a consistent snapshot.
 */
export class Collection {
  readonly uuid = new UUID();
  private readonly docs = new Map<string, Doc>();
  private readonly specs: IndexSpec[] = [ID_INDEX];
  private readonly uniqueIndexes: UniqueIndex[] = [];

  constructor(
    readonly db: string,
    readonly name: string,
  ) {}

  get namespace(): string {
    return `${this.db}.${this.name}`;
  }

  get count(): number {
    return this.docs.size;
  }

  documents(): Doc[] {
    return [...this.docs.values()];
  }

  findById(id: unknown): Doc | undefined {
    return this.docs.get(canonicalKey(id));
  }

  /** Documents matching a query filter, in natural order; stops after `limit` matches. */
  find(filter: unknown, limit = Infinity): Doc[] {
    const matches = compileFilter(filter);
    const id = isPlainObject(filter) ? filter._id : undefined;
    const idIsOperator = isPlainObject(id) && Object.keys(id)[0]?.startsWith('$');
    // Fast path for filters on an exact _id, by far the most common single-document lookup.
    if (id !== undefined && !idIsOperator && !(id instanceof RegExp)) {
      const doc = this.findById(id);
      return doc && matches(doc) ? [doc] : [];
    }
    const found: Doc[] = [];
    for (const doc of this.docs.values()) {
      if (found.length >= limit) break;
      if (matches(doc)) found.push(doc);
    }
    return found;
  }

  insert(doc: Doc): void {
    const size = BSON.calculateObjectSize(doc);
    if (size > MAX_BSON_OBJECT_SIZE) {
      throw new CommandError(
        ErrorCode.BadValue,
        `object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_OBJECT_SIZE}`,
      );
    }
    const id = canonicalKey(doc._id);
    if (this.docs.has(id)) throw duplicateKeyError(this.namespace, ID_INDEX, { _id: doc._id });
    const claims = this.checkUnique(doc, id);
    this.docs.set(id, doc);
    this.claim(claims, id);
  }

  /** Replaces the stored document that has the same `_id`. */
  replace(doc: Doc): void {
    const id = canonicalKey(doc._id);
    const old = this.docs.get(id);
    if (!old) {
      throw new CommandError(ErrorCode.InternalError, `replace of a missing document in ${this.namespace}`);
    }
    if (BSON.calculateObjectSize(doc) > MAX_BSON_OBJECT_SIZE) {
      throw new CommandError(
        ErrorCode.BSONObjectTooLarge,
        `Resulting document after update is larger than ${MAX_BSON_OBJECT_SIZE}`,
      );
    }
    const claims = this.checkUnique(doc, id);
    this.release(old, id);
    this.docs.set(id, doc);
    this.claim(claims, id);
  }

  remove(doc: Doc): void {
    const id = canonicalKey(doc._id);
    const old = this.docs.get(id);
    if (!old) return;
    this.release(old, id);
    this.docs.delete(id);
  }

  indexSpecs(): IndexSpec[] {
    return [...this.specs];
  }

  /** Returns false when an identical index already exists. */
  createIndex(spec: IndexSpec): boolean {
    for (const existing of this.specs) {
      if (existing.name === spec.name) {
        if (sameDefinition(existing, spec)) return false;
        throw new CommandError(
          ErrorCode.IndexKeySpecsConflict,
          `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing)}`,
        );
      }
      if (sameKeyPattern(existing, spec)) {
        throw new CommandError(
          ErrorCode.IndexOptionsConflict,
          sameDefinition(existing, spec)
            ? `Index already exists with a different name: ${existing.name}`
            : `An existing index has the same key pattern but different options: ${existing.name}`,
        );
      }
    }
    if (spec.unique) this.uniqueIndexes.push(this.buildUniqueIndex(spec));
    this.specs.push(spec);
    return true;
  }

  dropIndex(name: string): void {
    if (name === ID_INDEX.name) throw new CommandError(ErrorCode.InvalidOptions, 'cannot drop _id index');
    const position = this.specs.findIndex((s) => s.name === name);
    if (position < 0) throw new CommandError(ErrorCode.IndexNotFound, `index not found with name [${name}]`);
    this.specs.splice(position, 1);
    const uniquePosition = this.uniqueIndexes.findIndex((u) => u.spec.name === name);
    if (uniquePosition >= 0) this.uniqueIndexes.splice(uniquePosition, 1);
  }

  private buildUniqueIndex(spec: IndexSpec): UniqueIndex {
    const index: UniqueIndex = {
      spec,
      inPartialIndex: spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : () => true,
      owners: new Map(),
    };
    for (const [id, doc] of this.docs) {
      for (const entry of indexEntries(doc, spec, index.inPartialIndex)) {
        const owner = index.owners.get(entry.key);
        if (owner !== undefined && owner !== id) {
          throw duplicateKeyError(
            this.namespace,
            spec,
            entry.keyValue,
            `Index build failed: collection ${this.namespace} :: caused by :: `,
          );
        }
        index.owners.set(entry.key, id);
      }
    }
    return index;
  }

  private checkUnique(doc: Doc, id: string): Array<[UniqueIndex, IndexEntry[]]> {
    return this.uniqueIndexes.map((index) => {
      const entries = indexEntries(doc, index.spec, index.inPartialIndex);
      for (const entry of entries) {
        const owner = index.owners.get(entry.key);
        if (owner !== undefined && owner !== id) {
          throw duplicateKeyError(this.namespace, index.spec, entry.keyValue);
        }
      }
      return [index, entries];
    });
  }

  private claim(claims: Array<[UniqueIndex, IndexEntry[]]>, id: string): void {
    for (const [index, entries] of claims) for (const entry of entries) index.owners.set(entry.key, id);
  }

  private release(doc: Doc, id: string): void {
    for (const index of this.uniqueIndexes) {
      for (const entry of indexEntries(doc, index.spec, index.inPartialIndex)) {
        if (index.owners.get(entry.key) === id) index.owners.delete(entry.key);
      }
    }
  }
}
