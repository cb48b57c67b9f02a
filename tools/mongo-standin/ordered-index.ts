// An ascending/descending index the query planner reads (query-plan.ts): the entries of every
// document, grouped by key tuple, the tuples kept sorted by their order keys (order-key.ts). It only
// ever narrows the documents a filter is tested against, or walks them in a sort's order; the full
// filter still decides, so answers are the same as a collection scan's.
import { type Doc } from './bson-order.js';
import { flatValuesAtPath } from './field-path.js';
import type { IndexSpec } from './index-spec.js';
import { afterPrefix, bracketKeys, orderKey } from './order-key.js';

/** Bounds on an index's first field, within the type bracket of `bracket` (MongoDB's type bracketing). */
export interface Interval {
  bracket: unknown;
  lower?: { value: unknown; inclusive: boolean };
  upper?: { value: unknown; inclusive: boolean };
}

interface Bucket {
  /** Order key of the tuple (one value per index field, each ascending: a descending index is walked backwards). */
  key: string;
  /** Natural-order positions (`seq`) of the documents holding this entry, ascending. */
  ids: number[];
}

/** First position in [0, length) where the monotone `past` turns true (length when never). */
function firstWhere(length: number, past: (i: number) => boolean): number {
  let [low, high] = [0, length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (past(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

// Up to this many new tuples are placed by binary search; more are sorted and merged in one pass.
const INSERT_ONE_BY_ONE = 256;

const byKey = (a: Bucket, b: Bucket): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export class OrderedIndex {
  readonly fields: string[];
  private readonly buckets = new Map<string, Bucket>();
  /** Buckets sorted by key; emptied ones stay until compaction and are skipped by readers. */
  private sorted: Bucket[] = [];
  /** New buckets not yet placed in `sorted`. */
  private pending: Bucket[] = [];
  private emptied = 0;
  /** Documents with more than one value in the first field: bounds on that field may be met by different values. */
  private readonly multikeyFirst = new Set<number>();
  private multikeyDocs = 0;
  /**
   * Set when a document held parallel arrays (MongoDB would refuse the write) or an indexed value of
   * a type without an order key (a sub-document, a nested array, binary, a regex): such an index is
   * still listed and enforced as before, but never read.
   */
  private unusable = false;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
  }

  /** Usable for narrowing a filter on its first field. */
  get readable(): boolean {
    return !this.unusable;
  }

  /** Usable for walking every document in its order (a sparse index lacks some). */
  get walkable(): boolean {
    return !this.unusable && !this.spec.sparse;
  }

  get firstFieldIsMultikey(): boolean {
    return this.multikeyFirst.size > 0;
  }

  add(doc: Doc, id: number): void {
    const entries = this.entriesOf(doc);
    if (!entries) return;
    for (const key of entries.keys) {
      let bucket = this.buckets.get(key);
      if (!bucket) {
        bucket = { key, ids: [] };
        this.buckets.set(key, bucket);
        this.pending.push(bucket);
      }
      this.insertId(bucket.ids, id);
    }
    if (entries.keys.length > 1) this.multikeyDocs++;
    if (entries.multikeyFirst) this.multikeyFirst.add(id);
  }

  remove(doc: Doc, id: number): void {
    const entries = this.entriesOf(doc);
    if (!entries) return;
    for (const key of entries.keys) {
      const bucket = this.buckets.get(key);
      if (!bucket) continue;
      const position = firstWhere(bucket.ids.length, (i) => (bucket.ids[i] as number) >= id);
      if (bucket.ids[position] === id) bucket.ids.splice(position, 1);
      if (bucket.ids.length === 0) {
        this.buckets.delete(key);
        this.emptied++;
      }
    }
    if (entries.keys.length > 1) this.multikeyDocs--;
    this.multikeyFirst.delete(id);
  }

  /** Moves a replaced document's entries; unchanged entries (most updates) stay put. */
  update(old: Doc, doc: Doc, id: number): void {
    const before = this.entriesOf(old);
    const after = this.entriesOf(doc);
    if (!before || !after) return;
    if (before.keys.length === after.keys.length && before.keys.every((key, i) => key === after.keys[i]))
      return;
    this.remove(old, id);
    this.add(doc, id);
  }

  /** Positions of the documents with a first-field value inside `interval`, added to `into` until it holds `cap`. */
  collect(interval: Interval, into: Set<number>, cap = Infinity): void {
    const keys = this.ordered();
    const bracket = bracketKeys(interval.bracket);
    const bound = (side: Interval['lower'], fallback: string, inside: boolean) => {
      const key = side && orderKey(side.value);
      if (key === undefined) return fallback;
      return side?.inclusive === inside ? key : afterPrefix(key);
    };
    // lower inclusive → from its key; exclusive → past every tuple starting with it. Upper mirrors that.
    const from = bound(interval.lower, bracket.first, true);
    const to = bound(interval.upper, bracket.last, false);
    const start = firstWhere(keys.length, (i) => (keys[i] as Bucket).key >= from);
    const end = firstWhere(keys.length, (i) => (keys[i] as Bucket).key >= to);
    for (let i = start; i < end && into.size < cap; i++) {
      for (const id of (keys[i] as Bucket).ids) into.add(id);
    }
  }

  /** Positions in index order (ascending or descending), each once, ties in natural order. */
  *walk(direction: 1 | -1): Generator<number> {
    const keys = this.ordered();
    const seen = this.multikeyDocs > 0 ? new Set<number>() : undefined;
    for (let n = 0; n < keys.length; n++) {
      // An emptied bucket has no ids.
      for (const id of (keys[direction === 1 ? n : keys.length - 1 - n] as Bucket).ids) {
        if (seen) {
          if (seen.has(id)) continue;
          seen.add(id);
        }
        yield id;
      }
    }
  }

  /**
   * The order keys of a document's entries (a missing field is indexed as null; an array field
   * gives one entry per element), or undefined once the index is unusable.
   */
  private entriesOf(doc: Doc): { keys: string[]; multikeyFirst: boolean } | undefined {
    if (this.unusable) return undefined;
    const perField: string[][] = [];
    let arrays = 0;
    let present = false;
    for (const field of this.fields) {
      const values = flatValuesAtPath(doc, field);
      if (values.length > 0) present = true;
      if (values.length > 1) arrays++;
      const keys = new Set<string>();
      for (const value of values.length > 0 ? values : [null]) {
        const key = orderKey(value);
        if (key === undefined) return this.giveUp();
        keys.add(key);
      }
      perField.push([...keys]);
    }
    if (arrays > 1) return this.giveUp(); // parallel arrays
    if (this.spec.sparse && !present) return { keys: [], multikeyFirst: false };
    let keys = [''];
    for (const choices of perField) keys = keys.flatMap((prefix) => choices.map((key) => prefix + key));
    return { keys, multikeyFirst: (perField[0]?.length ?? 0) > 1 };
  }

  private giveUp(): undefined {
    this.unusable = true;
    this.buckets.clear();
    this.sorted = [];
    this.pending = [];
    this.multikeyFirst.clear();
    return undefined;
  }

  private insertId(ids: number[], id: number): void {
    const last = ids[ids.length - 1];
    if (last === undefined || last < id) {
      ids.push(id);
      return;
    }
    const position = firstWhere(ids.length, (i) => (ids[i] as number) >= id);
    if (ids[position] !== id) ids.splice(position, 0, id);
  }

  /** The buckets in key order, after merging new ones in and dropping emptied ones when many. */
  private ordered(): Bucket[] {
    if (this.pending.length > 0 && this.pending.length <= INSERT_ONE_BY_ONE) {
      for (const bucket of this.pending) {
        if (bucket.ids.length === 0) continue;
        const sorted = this.sorted;
        sorted.splice(
          firstWhere(sorted.length, (i) => (sorted[i] as Bucket).key > bucket.key),
          0,
          bucket,
        );
      }
      this.pending = [];
    }
    if (this.pending.length > 0) {
      const fresh = this.pending.filter((bucket) => bucket.ids.length > 0).sort(byKey);
      const merged: Bucket[] = [];
      let [i, j] = [0, 0];
      while (i < this.sorted.length || j < fresh.length) {
        const [a, b] = [this.sorted[i], fresh[j]];
        if (b === undefined || (a !== undefined && a.key <= b.key)) merged.push(this.sorted[i++] as Bucket);
        else merged.push(fresh[j++] as Bucket);
      }
      this.sorted = merged;
      this.pending = [];
    }
    if (this.emptied * 2 > this.sorted.length) {
      this.sorted = this.sorted.filter((bucket) => bucket.ids.length > 0);
      this.emptied = 0;
    }
    return this.sorted;
  }
}
