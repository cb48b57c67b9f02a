import { bsonEquals, type Doc } from '../bson-order.js';
import {
  arrayArg,
  boolArg,
  collectionArg,
  docArg,
  matchingDocuments,
  type CommandContext,
  type CommandTable,
} from '../command-args.js';
import { CommandError, ErrorCode } from '../errors.js';
import { projectDocuments } from '../projection.js';
import { parseSort, sortDocuments } from '../query-engine.js';
import { compileUpdate } from '../update-engine.js';

function checkModes(remove: boolean, command: Doc): void {
  const conflict = (message: string) => new CommandError(ErrorCode.FailedToParse, message);
  if (remove) {
    if (command.update !== undefined) throw conflict('Cannot specify both an update and remove=true');
    if (boolArg(command, 'upsert')) throw conflict('Cannot specify both upsert=true and remove=true');
    if (boolArg(command, 'new'))
      throw conflict(
        "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
      );
  } else {
    if (command.update === undefined) throw conflict('Either an update or remove=true must be specified');
  }
}

/**
 * Finds the first matching document (in `sort` order) and removes or updates it, or upserts.
 * Runs synchronously from match to write, so concurrent calls cannot both claim one document.
 */
function findAndModify(commandName: string) {
  return (command: Doc, ctx: CommandContext): Doc => {
    const name = collectionArg(command, commandName);
    const filter = docArg(command, 'query') ?? {};
    const remove = boolArg(command, 'remove');
    checkModes(remove, command);
    const returnNew = boolArg(command, 'new');
    const project = (doc: Doc | undefined): Doc | null =>
      doc ? (projectDocuments([doc], docArg(command, 'fields'))[0] ?? null) : null;
    const compiled = remove
      ? undefined
      : compileUpdate(
          command.update,
          command.arrayFilters === undefined ? undefined : arrayArg(command, 'arrayFilters'),
        );
    const sort = parseSort(docArg(command, 'sort'));
    const limit = Object.keys(sort).length === 0 ? 1 : undefined;
    const walked =
      limit === undefined && command.hint === undefined
        ? ctx.store.collection(ctx.db, name)?.findSorted(filter, sort, 1)
        : undefined;
    const target = walked
      ? walked[0]
      : sortDocuments(matchingDocuments(ctx, name, filter, limit, command.hint), sort)[0];

    if (remove) {
      if (target) ctx.store.collection(ctx.db, name)?.remove(target);
      return { lastErrorObject: { n: target ? 1 : 0 }, value: project(target), ok: 1 };
    }
    if (!compiled) throw new CommandError(ErrorCode.InternalError, 'findAndModify without an update');
    if (target) {
      const updated = compiled.apply(target, filter);
      if (!bsonEquals(target, updated)) ctx.store.collection(ctx.db, name)?.replace(updated);
      return {
        lastErrorObject: { n: 1, updatedExisting: true },
        value: project(returnNew ? updated : target),
        ok: 1,
      };
    }
    if (!boolArg(command, 'upsert')) {
      return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    }
    const doc = compiled.upsert(filter);
    ctx.store.ensureCollection(ctx.db, name).collection.insert(doc);
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
      value: project(returnNew ? doc : undefined),
      ok: 1,
    };
  };
}

const fields = [
  'query',
  'sort',
  'remove',
  'update',
  'new',
  'fields',
  'upsert',
  'arrayFilters',
  'bypassDocumentValidation',
  'hint',
];

export const findAndModifyCommands: CommandTable = {
  findAndModify: { run: findAndModify('findAndModify'), fields },
  findandmodify: { run: findAndModify('findandmodify'), fields },
};
