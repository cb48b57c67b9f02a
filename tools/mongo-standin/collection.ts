import { BSON, UUID } from 'bson';
import { canonicalKey, isPlainObject, type Doc } from './bson-order.js';
import { CommandError, ErrorCode } from './errors.js';
import { duplicateKeyError, indexEntries, type IndexEntry } from './index-keys.js';
import { ID_INDEX, sameDefinition, sameKeyPattern, type IndexSpec } from './index-spec.js';
import { MAX_BSON_OBJECT_SIZE } from './limits.js';
import { OrderedIndex } from './ordered-index.js';
import { compileFilter, type SortSpec } from './query-engine.js';
import { planFilter, planIds, planSize } from './query-plan.js';

// A sort is walked along an index unless a filter's index narrows the documents to this many or fewer.
const SORT_WALK_ABOVE = 1000;

/** Ascending/descending indexes without a partialFilterExpression are read by queries. */
function readsQueries(spec: IndexSpec): boolean {
  return (
    !spec.partialFilterExpression &&
    spec.name !== ID_INDEX.name &&
    Object.values(spec.key).every((direction) => direction === 1 || direction === -1)
  );
}

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
  private readonly orderedIndexes: OrderedIndex[] = [];
  /**
   * Canonical `_id` → position in natural order, and the documents by position (holes where
   * removed): indexes hold positions, so what they yield is put back in natural order by a sort of numbers.
   */
  private readonly seqs = new Map<string, number>();
  private readonly bySeq: Array<Doc | undefined> = [];

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
    for (const doc of this.candidates(filter) ?? this.docs.values()) {
      if (found.length >= limit) break;
      if (matches(doc)) found.push(doc);
    }
    return found;
  }

  /**
   * A superset of the documents matching `filter`, in natural order, read from indexes; undefined
   * when no index narrows the filter (every document is a candidate).
   */
  candidates(filter: unknown): Doc[] | undefined {
    const plan = planFilter(filter, this.orderedIndexes);
    if (!plan) return undefined;
    const docs: Doc[] = [];
    for (const seq of Float64Array.from(planIds(plan)).sort()) {
      const doc = this.bySeq[seq];
      if (doc) docs.push(doc);
    }
    return docs;
  }

  /**
   * The first `needed` matches of `filter` in `sort` order, walked along an index whose fields are
   * the sort's (all ascending or all descending; ties in natural order, as a stable sort leaves
   * them); undefined when no index has that order or a filter's index narrows the matches enough
   * that sorting them is cheaper.
   */
  findSorted(filter: unknown, sort: SortSpec, needed: number): Doc[] | undefined {
    const fields = Object.entries(sort);
    const direction = fields[0]?.[1];
    if (direction === undefined || !fields.every(([, d]) => d === direction)) return undefined;
    const index = this.orderedIndexes.find(
      (candidate) =>
        candidate.walkable &&
        candidate.fields.length === fields.length &&
        candidate.fields.every((field, n) => field === fields[n]?.[0]),
    );
    if (!index) return undefined;
    const matches = compileFilter(filter);
    const plan = planFilter(filter, this.orderedIndexes);
    if (plan && planSize(plan, SORT_WALK_ABOVE + 1) <= SORT_WALK_ABOVE) return undefined;
    const found: Doc[] = [];
    if (needed <= 0) return found;
    for (const seq of index.walk(direction)) {
      const doc = this.bySeq[seq];
      if (doc && matches(doc)) found.push(doc);
      if (found.length >= needed) break;
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
    const seq = this.bySeq.length;
    this.seqs.set(id, seq);
    this.bySeq.push(doc);
    for (const index of this.orderedIndexes) index.add(doc, seq);
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
    const seq = this.seqs.get(id) as number;
    this.bySeq[seq] = doc;
    for (const index of this.orderedIndexes) index.update(old, doc, seq);
  }

  remove(doc: Doc): void {
    const id = canonicalKey(doc._id);
    const old = this.docs.get(id);
    if (!old) return;
    this.release(old, id);
    this.docs.delete(id);
    const seq = this.seqs.get(id) as number;
    for (const index of this.orderedIndexes) index.remove(old, seq);
    this.bySeq[seq] = undefined;
    this.seqs.delete(id);
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
    if (readsQueries(spec)) {
      const index = new OrderedIndex(spec);
      for (const [id, doc] of this.docs) index.add(doc, this.seqs.get(id) as number);
      this.orderedIndexes.push(index);
    }
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
    const orderedPosition = this.orderedIndexes.findIndex((o) => o.spec.name === name);
    if (orderedPosition >= 0) this.orderedIndexes.splice(orderedPosition, 1);
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
