import type { Doc } from './bson-order.js';
import { checkFields, type CommandContext, type CommandTable } from './command-args.js';
import { findAndModifyCommands } from './commands/find-and-modify.js';
import { handshakeCommands } from './commands/handshake-commands.js';
import { indexCommands } from './commands/index-commands.js';
import { namespaceCommands } from './commands/namespace-commands.js';
import { readCommands } from './commands/read-commands.js';
import { writeCommands } from './commands/write-commands.js';
import { CommandError, ErrorCode, errorReply } from './errors.js';
import { validateDatabaseName } from './store.js';

const COMMANDS: CommandTable = {
  ...handshakeCommands,
  ...namespaceCommands,
  ...readCommands,
  ...writeCommands,
  ...findAndModifyCommands,
  ...indexCommands,
};

// Fields drivers add to any command that make no difference to one in-memory node.
const GENERIC_FIELDS = new Set([
  '$db',
  'lsid',
  '$clusterTime',
  '$readPreference',
  'readConcern',
  'writeConcern',
  'comment',
  'maxTimeMS',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
]);
const TRANSACTION_FIELDS = ['txnNumber', 'autocommit', 'startTransaction'];

function dispatch(command: Doc, ctx: CommandContext): Doc {
  const name = Object.keys(command)[0] ?? '';
  const definition = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!definition) throw new CommandError(ErrorCode.CommandNotFound, `no such command: '${name}'`);
  if (TRANSACTION_FIELDS.some((field) => field in command)) {
    // What a standalone mongod answers; retryable writes and transactions need a replica set.
    throw new CommandError(
      ErrorCode.IllegalOperation,
      'Transaction numbers are only allowed on a replica set member or mongos',
    );
  }
  if (definition.fields !== 'any')
    checkFields(command, [name, ...definition.fields], `the '${name}' command`, GENERIC_FIELDS);
  validateDatabaseName(ctx.db);
  return definition.run(command, ctx);
}

/** Runs one command; never throws: failures become MongoDB's `{ ok: 0, errmsg, code, codeName }`. */
export function executeCommand(command: Doc, ctx: CommandContext): Doc {
  try {
    return dispatch(command, ctx);
  } catch (error) {
    return errorReply(error);
  }
}

export function isHandshake(command: Doc): boolean {
  const name = Object.keys(command)[0];
  return name === 'hello' || name === 'isMaster' || name === 'ismaster';
}
