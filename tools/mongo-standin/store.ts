import { Collection } from './collection.js';
import { CommandError, ErrorCode } from './errors.js';

export function validateDatabaseName(name: unknown): string {
  if (typeof name !== 'string' || name === '' || name.length >= 64 || /[/\\. "$\0]/.test(name)) {
    throw new CommandError(ErrorCode.InvalidNamespace, `Invalid database name: '${String(name)}'`);
  }
  return name;
}

export function validateCollectionName(name: unknown): string {
  if (
    typeof name !== 'string' ||
    name === '' ||
    name.includes('$') ||
    name.includes('\0') ||
    name.startsWith('.')
  ) {
    throw new CommandError(ErrorCode.InvalidNamespace, `Invalid collection name: '${String(name)}'`);
  }
  return name;
}

/** All data of one stand-in: database name → collection name → collection. */
export class Store {
  private readonly databases = new Map<string, Map<string, Collection>>();

  collection(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name);
  }

  /** Returns the collection, creating it (and its database) on first use, as writes do in MongoDB. */
  ensureCollection(db: string, name: string): { collection: Collection; created: boolean } {
    const existing = this.collection(db, name);
    if (existing) return { collection: existing, created: false };
    validateDatabaseName(db);
    if (validateCollectionName(name).startsWith('system.')) {
      throw new CommandError(
        ErrorCode.InvalidNamespace,
        `mongo-standin cannot create system collection ${db}.${name}`,
      );
    }
    let collections = this.databases.get(db);
    if (!collections) this.databases.set(db, (collections = new Map()));
    const collection = new Collection(db, name);
    collections.set(name, collection);
    return { collection, created: true };
  }

  dropCollection(db: string, name: string): Collection | undefined {
    const collections = this.databases.get(db);
    const collection = collections?.get(name);
    collections?.delete(name);
    if (collections?.size === 0) this.databases.delete(db);
    return collection;
  }

  dropDatabase(db: string): void {
    this.databases.delete(db);
  }

  collections(db: string): Collection[] {
    return [...(this.databases.get(db)?.values() ?? [])];
  }

  /** Databases that hold at least one collection (an empty database does not exist in MongoDB). */
  databaseNames(): string[] {
    return [...this.databases.keys()];
  }

  clear(): void {
    this.databases.clear();
  }
}
