import { BSON } from 'bson';
import type { Doc } from '../bson-order.js';
import { boolArg, collectionArg, docArg, type CommandContext, type CommandTable } from '../command-args.js';
import type { Collection } from '../collection.js';
import { parseBatchSize } from '../cursor-registry.js';
import { CommandError, ErrorCode } from '../errors.js';
import { ID_INDEX } from '../index-spec.js';
import { compileFilter } from '../query-engine.js';

function create(command: Doc, ctx: CommandContext): Doc {
  const name = collectionArg(command, 'create');
  if (ctx.store.collection(ctx.db, name)) {
    throw new CommandError(ErrorCode.NamespaceExists, `Collection ${ctx.db}.${name} already exists.`);
  }
  ctx.store.ensureCollection(ctx.db, name);
  return { ok: 1 };
}

function drop(command: Doc, ctx: CommandContext): Doc {
  const name = collectionArg(command, 'drop');
  const dropped = ctx.store.dropCollection(ctx.db, name);
  // Like MongoDB 7.0, dropping a collection that does not exist succeeds.
  if (!dropped) return { ok: 1 };
  return { ns: dropped.namespace, nIndexesWas: dropped.indexSpecs().length, ok: 1 };
}

function dropDatabase(_command: Doc, ctx: CommandContext): Doc {
  ctx.store.dropDatabase(ctx.db);
  return { dropped: ctx.db, ok: 1 };
}

function describeCollection(collection: Collection, nameOnly: boolean): Doc {
  if (nameOnly) return { name: collection.name, type: 'collection' };
  return {
    name: collection.name,
    type: 'collection',
    options: {},
    info: { readOnly: false, uuid: collection.uuid },
    idIndex: ID_INDEX,
  };
}

function listCollections(command: Doc, ctx: CommandContext): Doc {
  const matches = compileFilter(docArg(command, 'filter'));
  const nameOnly = boolArg(command, 'nameOnly');
  // The filter may use `options`/`info` even when the reply is nameOnly, so filter on the full form.
  const collections = ctx.store
    .collections(ctx.db)
    .filter((c) => matches(describeCollection(c, false)))
    .map((c) => describeCollection(c, nameOnly));
  const batchSize = parseBatchSize(docArg(command, 'cursor')?.batchSize);
  return ctx.cursors.open(`${ctx.db}.$cmd.listCollections`, collections, { batchSize });
}

function dataSize(collection: Collection): number {
  return collection.documents().reduce((sum, doc) => sum + BSON.calculateObjectSize(doc), 0);
}

function listDatabases(command: Doc, ctx: CommandContext): Doc {
  const matches = compileFilter(docArg(command, 'filter'));
  const databases = ctx.store
    .databaseNames()
    .map((name) => ({
      name,
      sizeOnDisk: ctx.store.collections(name).reduce((sum, c) => sum + dataSize(c), 0),
      empty: false,
    }))
    .filter(matches);
  if (boolArg(command, 'nameOnly')) return { databases: databases.map(({ name }) => ({ name })), ok: 1 };
  const totalSize = databases.reduce((sum, d) => sum + d.sizeOnDisk, 0);
  return { databases, totalSize, totalSizeMb: Math.floor(totalSize / 1024 / 1024), ok: 1 };
}

export const namespaceCommands: CommandTable = {
  create: { run: create, fields: [] },
  drop: { run: drop, fields: [] },
  dropDatabase: { run: dropDatabase, fields: [] },
  listCollections: {
    run: listCollections,
    fields: ['filter', 'nameOnly', 'authorizedCollections', 'cursor'],
  },
  listDatabases: { run: listDatabases, fields: ['filter', 'nameOnly', 'authorizedDatabases'] },
};
