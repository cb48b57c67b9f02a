import type { Doc } from '../bson-order.js';
import type { CommandContext, CommandTable } from '../command-args.js';
import {
  MAX_BSON_OBJECT_SIZE,
  MAX_MESSAGE_SIZE_BYTES,
  MAX_WIRE_VERSION,
  MAX_WRITE_BATCH_SIZE,
  SERVER_VERSION,
} from '../limits.js';

// No `topologyVersion`: without it the driver polls with plain hello instead of the streaming
// protocol, which would require holding replies back for maxAwaitTimeMS.
function hello(legacy: boolean) {
  return (_command: Doc, ctx: CommandContext): Doc => ({
    [legacy ? 'ismaster' : 'isWritablePrimary']: true,
    helloOk: true,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE_BYTES,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  });
}

const buildInfo = (): Doc => ({
  version: SERVER_VERSION,
  gitVersion: 'mongo-standin',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  storageEngines: ['memory'],
  ok: 1,
});

const startedAt = Date.now();

// The identity part of serverStatus only (clients and test harnesses read `version`); no metrics.
const serverStatus = (): Doc => ({
  host: 'mongo-standin',
  version: SERVER_VERSION,
  process: 'mongo-standin',
  pid: process.pid,
  uptime: Math.floor((Date.now() - startedAt) / 1000),
  localTime: new Date(),
  ok: 1,
});

export const handshakeCommands: CommandTable = {
  hello: { run: hello(false), fields: 'any' },
  isMaster: { run: hello(true), fields: 'any' },
  ismaster: { run: hello(true), fields: 'any' },
  ping: { run: () => ({ ok: 1 }), fields: [] },
  buildInfo: { run: buildInfo, fields: [] },
  buildinfo: { run: buildInfo, fields: [] },
  serverStatus: { run: serverStatus, fields: 'any' },
  // Sessions carry no state here (no transactions), so there is nothing to end.
  endSessions: { run: () => ({ ok: 1 }), fields: [] },
};
