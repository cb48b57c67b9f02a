import { bsonEquals, isPlainObject, type Doc } from '../bson-order.js';
import {
  arrayArg,
  boolArg,
  checkFields,
  collectionArg,
  intArg,
  matchingDocuments,
  requiredDocArg,
  type CommandContext,
  type CommandTable,
} from '../command-args.js';
import { withId } from '../document-id.js';
import { CommandError, ErrorCode, writeError } from '../errors.js';
import { compileUpdate } from '../update-engine.js';

/** Runs each statement; failures become `writeErrors`, and an ordered batch stops at the first. */
function forEachStatement(
  command: Doc,
  field: string,
  apply: (statement: unknown, index: number) => void,
): Doc {
  const statements = arrayArg(command, field);
  const ordered = boolArg(command, 'ordered', true);
  const writeErrors: Doc[] = [];
  for (let i = 0; i < statements.length; i++) {
    try {
      apply(statements[i], i);
    } catch (error) {
      writeErrors.push(writeError(i, error));
      if (ordered) break;
    }
  }
  return writeErrors.length > 0 ? { writeErrors } : {};
}

function statementDoc(raw: unknown, known: readonly string[], what: string): Doc {
  if (!isPlainObject(raw)) throw new CommandError(ErrorCode.TypeMismatch, `${what} must be a document`);
  checkFields(raw, known, what);
  return raw;
}

function insert(command: Doc, ctx: CommandContext): Doc {
  const { collection } = ctx.store.ensureCollection(ctx.db, collectionArg(command, 'insert'));
  let n = 0;
  const errors = forEachStatement(command, 'documents', (doc) => {
    if (!isPlainObject(doc)) {
      throw new CommandError(ErrorCode.TypeMismatch, 'documents to insert must be documents');
    }
    collection.insert(withId(doc));
    n++;
  });
  return { n, ...errors, ok: 1 };
}

interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
}

function updateOne(ctx: CommandContext, name: string, statement: Doc): UpdateOutcome {
  const filter = requiredDocArg(statement, 'q');
  const update = statement.u;
  const multi = boolArg(statement, 'multi');
  const compiled = compileUpdate(
    update,
    statement.arrayFilters === undefined ? undefined : arrayArg(statement, 'arrayFilters'),
  );
  if (compiled.kind === 'replacement' && multi) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      'multi update is not supported for replacement-style update',
    );
  }
  const targets = matchingDocuments(ctx, name, filter, multi ? undefined : 1, statement.hint);
  let modified = 0;
  // Like MongoDB without a transaction, a multi update that fails on one document keeps the
  // documents it already changed; each document itself changes entirely or not at all.
  for (const doc of targets) {
    const updated = compiled.apply(doc, filter);
    if (bsonEquals(doc, updated)) continue;
    ctx.store.collection(ctx.db, name)?.replace(updated);
    modified++;
  }
  if (targets.length > 0 || !boolArg(statement, 'upsert')) return { matched: targets.length, modified };
  const doc = compiled.upsert(filter);
  ctx.store.ensureCollection(ctx.db, name).collection.insert(doc);
  return { matched: 0, modified: 0, upsertedId: doc._id };
}

function update(command: Doc, ctx: CommandContext): Doc {
  const name = collectionArg(command, 'update');
  let n = 0;
  let nModified = 0;
  const upserted: Doc[] = [];
  const errors = forEachStatement(command, 'updates', (raw, index) => {
    const statement = statementDoc(
      raw,
      ['q', 'u', 'upsert', 'multi', 'arrayFilters', 'hint'],
      'an update statement',
    );
    const outcome = updateOne(ctx, name, statement);
    n += outcome.matched;
    nModified += outcome.modified;
    if (outcome.upsertedId !== undefined) {
      n++;
      upserted.push({ index, _id: outcome.upsertedId });
    }
  });
  return { n, nModified, ...(upserted.length > 0 && { upserted }), ...errors, ok: 1 };
}

function remove(command: Doc, ctx: CommandContext): Doc {
  const name = collectionArg(command, 'delete');
  let n = 0;
  const errors = forEachStatement(command, 'deletes', (raw) => {
    const statement = statementDoc(raw, ['q', 'limit', 'hint'], 'a delete statement');
    const limit = intArg(statement, 'limit') ?? 0;
    if (limit !== 0 && limit !== 1) {
      throw new CommandError(
        ErrorCode.FailedToParse,
        `The limit field in delete objects must be 0 or 1. Got ${limit}`,
      );
    }
    const targets = matchingDocuments(
      ctx,
      name,
      requiredDocArg(statement, 'q'),
      limit === 1 ? 1 : undefined,
      statement.hint,
    );
    for (const doc of targets) {
      ctx.store.collection(ctx.db, name)?.remove(doc);
      n++;
    }
  });
  return { n, ...errors, ok: 1 };
}

export const writeCommands: CommandTable = {
  insert: { run: insert, fields: ['documents', 'ordered', 'bypassDocumentValidation'] },
  update: { run: update, fields: ['updates', 'ordered', 'bypassDocumentValidation'] },
  delete: { run: remove, fields: ['deletes', 'ordered'] },
};
