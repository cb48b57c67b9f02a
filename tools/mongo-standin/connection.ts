import type { Socket } from 'node:net';
import type { Doc } from './bson-order.js';
import type { CommandContext } from './command-args.js';
import { executeCommand, isHandshake } from './command-router.js';
import { CommandError, ErrorCode, errorReply } from './errors.js';
import { encodeOpMsg, encodeOpReply, MessageFramer, parseRequest } from './wire-protocol.js';

type Shared = Omit<CommandContext, 'db'>;
type Encoder = (responseTo: number, doc: Doc) => Buffer;

function encodeSafely(encode: Encoder, responseTo: number, reply: Doc): Buffer {
  try {
    return encode(responseTo, reply);
  } catch (error) {
    // e.g. an aggregation result larger than the BSON size limit
    const message = error instanceof Error ? error.message : String(error);
    return encode(
      responseTo,
      errorReply(new CommandError(ErrorCode.BSONObjectTooLarge, `reply could not be serialised: ${message}`)),
    );
  }
}

/** The bytes to send back for one request, or null when the client asked for no reply. */
function respond(message: Buffer, shared: Shared): Buffer | null {
  const request = parseRequest(message);
  if (request.kind === 'query') {
    // Since MongoDB 6, OP_QUERY only carries the handshake; everything else uses OP_MSG.
    const db = request.namespace.endsWith('.$cmd') ? request.namespace.slice(0, -'.$cmd'.length) : undefined;
    const reply =
      db !== undefined && isHandshake(request.query)
        ? executeCommand(request.query, { ...shared, db })
        : errorReply(
            new CommandError(
              ErrorCode.UnsupportedOpQueryCommand,
              `Unsupported OP_QUERY command: ${Object.keys(request.query)[0] ?? ''}. The client driver may require an upgrade.`,
            ),
          );
    return encodeSafely(encodeOpReply, request.requestId, reply);
  }
  const db = request.command.$db;
  const reply =
    typeof db === 'string'
      ? executeCommand(request.command, { ...shared, db })
      : errorReply(new CommandError(40571, 'OP_MSG requests require a $db argument'));
  return request.moreToCome ? null : encodeSafely(encodeOpMsg, request.requestId, reply);
}

/**
 * Serves one client socket. Requests are handled synchronously, one after the other, so a
 * command's read-check-write can never interleave with another command. A message that cannot
 * be parsed closes this socket only; it never reaches the other clients or the process.
 */
export function serveConnection(socket: Socket, shared: Shared): void {
  const framer = new MessageFramer();
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy()); // e.g. ECONNRESET from a client that went away
  socket.on('data', (chunk: Buffer) => {
    try {
      for (const message of framer.push(chunk)) {
        if (socket.destroyed) return;
        const reply = respond(message, shared);
        if (reply) socket.write(reply);
      }
    } catch {
      socket.destroy();
    }
  });
}
