import { canonicalKey, isPlainObject, type Doc } from '../bson-order.js';
import { arrayArg, collectionArg, docArg, type CommandContext, type CommandTable } from '../command-args.js';
import type { Collection } from '../collection.js';
import { parseBatchSize } from '../cursor-registry.js';
import { CommandError, ErrorCode } from '../errors.js';
import { ID_INDEX, parseIndexSpec } from '../index-spec.js';

function createIndexes(command: Doc, ctx: CommandContext): Doc {
  const name = collectionArg(command, 'createIndexes');
  const specs = arrayArg(command, 'indexes').map(parseIndexSpec);
  if (specs.length === 0) {
    throw new CommandError(ErrorCode.BadValue, 'Must specify at least one index to create');
  }
  const { collection, created } = ctx.store.ensureCollection(ctx.db, name);
  const numIndexesBefore = collection.indexSpecs().length;
  const added: string[] = [];
  try {
    for (const spec of specs) if (collection.createIndex(spec)) added.push(spec.name);
  } catch (error) {
    for (const indexName of added) collection.dropIndex(indexName); // all or nothing, like MongoDB
    throw error;
  }
  return {
    createdCollectionAutomatically: created,
    numIndexesBefore,
    numIndexesAfter: collection.indexSpecs().length,
    ...(added.length === 0 && { note: 'all indexes already exist' }),
    ok: 1,
  };
}

function existingCollection(ctx: CommandContext, name: string): Collection {
  const collection = ctx.store.collection(ctx.db, name);
  if (!collection) {
    throw new CommandError(ErrorCode.NamespaceNotFound, `ns does not exist: ${ctx.db}.${name}`);
  }
  return collection;
}

function listIndexes(command: Doc, ctx: CommandContext): Doc {
  const name = collectionArg(command, 'listIndexes');
  const specs = existingCollection(ctx, name).indexSpecs();
  return ctx.cursors.open(`${ctx.db}.${name}`, specs, {
    batchSize: parseBatchSize(docArg(command, 'cursor')?.batchSize),
  });
}

function dropIndexes(command: Doc, ctx: CommandContext): Doc {
  const collection = existingCollection(ctx, collectionArg(command, 'dropIndexes'));
  const specs = collection.indexSpecs();
  const index = command.index;
  let names: string[];
  if (index === '*') names = specs.map((s) => s.name).filter((n) => n !== ID_INDEX.name);
  else if (typeof index === 'string') names = [index];
  else if (Array.isArray(index) && index.every((n) => typeof n === 'string')) names = index as string[];
  else if (isPlainObject(index)) {
    const spec = specs.find((s) => canonicalKey(s.key) === canonicalKey(index));
    if (!spec) {
      throw new CommandError(ErrorCode.IndexNotFound, `can't find index with key: ${JSON.stringify(index)}`);
    }
    names = [spec.name];
  } else {
    throw new CommandError(
      ErrorCode.TypeMismatch,
      "dropIndexes 'index' must be a name, an array of names, a key pattern or '*'",
    );
  }
  for (const indexName of names) {
    if (!specs.some((s) => s.name === indexName)) {
      throw new CommandError(ErrorCode.IndexNotFound, `index not found with name [${indexName}]`);
    }
  }
  for (const indexName of names) collection.dropIndex(indexName);
  return { nIndexesWas: specs.length, ok: 1 };
}

export const indexCommands: CommandTable = {
  createIndexes: { run: createIndexes, fields: ['indexes', 'commitQuorum'] },
  listIndexes: { run: listIndexes, fields: ['cursor'] },
  dropIndexes: { run: dropIndexes, fields: ['index'] },
};
