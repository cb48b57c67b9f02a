import { randomInt } from 'node:crypto';
import { BSON, Long } from 'bson';
import { bsonTag, type Doc } from './bson-order.js';
import { CommandError, ErrorCode } from './errors.js';

const DEFAULT_FIRST_BATCH_SIZE = 101;
// A reply must stay below maxBsonObjectSize (16 MiB) including the envelope around the batch.
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;
// MongoDB's cursorTimeoutMillis; checked lazily on open, so no timer keeps the process alive.
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

interface OpenCursor {
  id: Long;
  namespace: string;
  docs: Doc[];
  position: number;
  lastUsed: number;
}

export interface BatchOptions {
  batchSize?: number;
  singleBatch?: boolean;
}

/** Reads an optional non-negative `batchSize` field. */
export function parseBatchSize(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new CommandError(
      ErrorCode.BadValue,
      `batchSize must be a non-negative integer, got ${String(value)}`,
    );
  }
  return value;
}

function takeBatch(docs: Doc[], start: number, count: number): Doc[] {
  const batch: Doc[] = [];
  let bytes = 0;
  for (let i = start; i < docs.length && batch.length < count; i++) {
    const doc = docs[i] as Doc;
    bytes += BSON.calculateObjectSize(doc, { ignoreUndefined: true });
    if (bytes > MAX_BATCH_BYTES && batch.length > 0) break;
    batch.push(doc);
  }
  return batch;
}

function cursorKey(id: unknown): string {
  if (typeof id === 'number' && Number.isInteger(id)) return Long.fromNumber(id).toString();
  if (typeof id === 'object' && id !== null && bsonTag(id) === 'Long') return String(id);
  throw new CommandError(ErrorCode.TypeMismatch, `cursor id must be of type long, got ${String(id)}`);
}

/**
 * Server-side cursors. A result set is computed eagerly and handed out in batches: the first
 * batch in the reply to find/aggregate/list*, the rest through getMore.
 */
export class CursorRegistry {
  private readonly cursors = new Map<string, OpenCursor>();

  /** The `{ cursor: { firstBatch, id, ns }, ok: 1 }` reply. */
  open(namespace: string, docs: Doc[], options: BatchOptions = {}): Doc {
    this.expireIdle();
    const firstBatch = takeBatch(docs, 0, options.batchSize ?? DEFAULT_FIRST_BATCH_SIZE);
    let id = Long.ZERO;
    if (!options.singleBatch && firstBatch.length < docs.length) {
      id = this.newId();
      this.cursors.set(id.toString(), {
        id,
        namespace,
        docs,
        position: firstBatch.length,
        lastUsed: Date.now(),
      });
    }
    return { cursor: { firstBatch, id, ns: namespace }, ok: 1 };
  }

  getMore(rawId: unknown, namespace: string, batchSize: number | undefined): Doc {
    const key = cursorKey(rawId);
    const cursor = this.cursors.get(key);
    if (!cursor) throw new CommandError(ErrorCode.CursorNotFound, `cursor id ${key} not found`);
    if (cursor.namespace !== namespace) {
      throw new CommandError(
        ErrorCode.Unauthorized,
        `Requested getMore on namespace '${namespace}', but cursor belongs to a different namespace ${cursor.namespace}`,
      );
    }
    const nextBatch = takeBatch(cursor.docs, cursor.position, batchSize || Infinity);
    cursor.position += nextBatch.length;
    cursor.lastUsed = Date.now();
    const exhausted = cursor.position >= cursor.docs.length;
    if (exhausted) this.cursors.delete(key);
    return { cursor: { nextBatch, id: exhausted ? Long.ZERO : cursor.id, ns: namespace }, ok: 1 };
  }

  /** Returns the ids that were open and the ids that were not. */
  kill(ids: unknown[]): { killed: Long[]; notFound: Long[] } {
    const result = { killed: [] as Long[], notFound: [] as Long[] };
    for (const raw of ids) {
      const key = cursorKey(raw);
      (this.cursors.delete(key) ? result.killed : result.notFound).push(Long.fromString(key));
    }
    return result;
  }

  clear(): void {
    this.cursors.clear();
  }

  private newId(): Long {
    for (;;) {
      const id = Long.fromBits(randomInt(1, 2 ** 31), randomInt(0, 2 ** 31));
      if (!this.cursors.has(id.toString())) return id;
    }
  }

  private expireIdle(): void {
    const cutoff = Date.now() - IDLE_TIMEOUT_MS;
    for (const [key, cursor] of this.cursors) if (cursor.lastUsed < cutoff) this.cursors.delete(key);
  }
}
