// MongoDB wire protocol framing: https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/
// Only what drivers send today: OP_MSG for commands, OP_QUERY for the initial handshake.
import { BSON } from 'bson';
import type { Doc } from './bson-order.js';
import { MAX_MESSAGE_SIZE_BYTES } from './limits.js';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const HEADER_SIZE = 16;

const CHECKSUM_PRESENT = 1 << 0;
const MORE_TO_COME = 1 << 1;
// Bits 0-15 are "required": a receiver must reject a message with a bit it does not know.
// (Bit 16, exhaustAllowed, is optional: we simply answer each request once.)
const UNKNOWN_REQUIRED_BITS = 0xffff & ~(CHECKSUM_PRESENT | MORE_TO_COME);

/** Why a message could not be parsed; the connection that sent it is closed. */
export class ProtocolError extends Error {}

export type Request =
  | { kind: 'msg'; requestId: number; command: Doc; moreToCome: boolean }
  | { kind: 'query'; requestId: number; namespace: string; query: Doc };

/** Splits a TCP byte stream into whole messages using the int32 length that starts each one. */
export class MessageFramer {
  private chunks: Buffer[] = [];
  private size = 0;

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.size += chunk.length;
    const messages: Buffer[] = [];
    while (this.size >= 4) {
      const head = this.chunks[0] as Buffer;
      const length = head.length >= 4 ? head.readInt32LE(0) : Buffer.concat(this.chunks).readInt32LE(0);
      if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE_BYTES) {
        throw new ProtocolError(`invalid message length ${length}`);
      }
      if (this.size < length) break;
      // Concatenate only once a whole message has arrived, so large messages are copied once.
      const all = this.chunks.length === 1 ? head : Buffer.concat(this.chunks, this.size);
      messages.push(all.subarray(0, length));
      const rest = all.subarray(length);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.size = rest.length;
    }
    return messages;
  }
}

function readDocument(buf: Buffer, offset: number, end: number): [Doc, number] {
  if (offset + 5 > end) throw new ProtocolError('truncated document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError(`invalid document size ${size}`);
  return [BSON.deserialize(buf.subarray(offset, offset + size)), offset + size];
}

function readCString(buf: Buffer, offset: number, end: number): [string, number] {
  const nul = buf.indexOf(0, offset);
  if (nul < 0 || nul >= end) throw new ProtocolError('unterminated string');
  return [buf.toString('utf8', offset, nul), nul + 1];
}

function parseOpMsg(buf: Buffer, requestId: number): Request {
  const flags = buf.readUInt32LE(HEADER_SIZE);
  if (flags & UNKNOWN_REQUIRED_BITS) throw new ProtocolError(`unsupported OP_MSG flag bits ${flags}`);
  // The CRC-32C checksum is not verified: TCP already guards this loopback connection.
  const end = flags & CHECKSUM_PRESENT ? buf.length - 4 : buf.length;
  let offset = HEADER_SIZE + 4;
  let body: Doc | undefined;
  const sequences: Array<[string, Doc[]]> = [];
  while (offset < end) {
    const kind = buf[offset++];
    if (kind === 0) {
      if (body) throw new ProtocolError('OP_MSG with more than one body section');
      [body, offset] = readDocument(buf, offset, end);
    } else if (kind === 1) {
      if (offset + 4 > end) throw new ProtocolError('truncated document sequence');
      const sectionEnd = offset + buf.readInt32LE(offset);
      if (sectionEnd <= offset + 4 || sectionEnd > end) {
        throw new ProtocolError('invalid document sequence size');
      }
      const [identifier, start] = readCString(buf, offset + 4, sectionEnd);
      let position = start;
      const docs: Doc[] = [];
      while (position < sectionEnd) {
        let doc: Doc;
        [doc, position] = readDocument(buf, position, sectionEnd);
        docs.push(doc);
      }
      sequences.push([identifier, docs]);
      offset = sectionEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${String(kind)}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG without a body section');
  for (const [identifier, docs] of sequences) {
    if (identifier in body) throw new ProtocolError(`OP_MSG field '${identifier}' given twice`);
    body[identifier] = docs; // `insert` sends `documents` this way, `update` its `updates`
  }
  return { kind: 'msg', requestId, command: body, moreToCome: (flags & MORE_TO_COME) !== 0 };
}

function parseOpQuery(buf: Buffer, requestId: number): Request {
  const [namespace, offset] = readCString(buf, HEADER_SIZE + 4, buf.length);
  // numberToSkip and numberToReturn (8 bytes) are meaningless for commands.
  const [query] = readDocument(buf, offset + 8, buf.length);
  // Drivers may wrap the command as { $query: command, $readPreference: ... }.
  const command = query.$query && typeof query.$query === 'object' ? (query.$query as Doc) : query;
  return { kind: 'query', requestId, namespace, query: command };
}

/** Parses one framed message; throws ProtocolError (or a BSON error) when it is malformed. */
export function parseRequest(buf: Buffer): Request {
  if (buf.length < HEADER_SIZE + 4) throw new ProtocolError('message too short');
  const requestId = buf.readInt32LE(4);
  const opCode = buf.readInt32LE(12);
  if (opCode === OP_MSG) return parseOpMsg(buf, requestId);
  if (opCode === OP_QUERY) return parseOpQuery(buf, requestId);
  throw new ProtocolError(`unsupported opCode ${opCode}`);
}

let lastRequestId = 0;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const buf = Buffer.alloc(HEADER_SIZE);
  buf.writeInt32LE(length, 0);
  lastRequestId = (lastRequestId + 1) & 0x7fffffff;
  buf.writeInt32LE(lastRequestId, 4);
  buf.writeInt32LE(responseTo, 8);
  buf.writeInt32LE(opCode, 12);
  return buf;
}

const serialize = (doc: Doc): Uint8Array => BSON.serialize(doc, { ignoreUndefined: true });

export function encodeOpMsg(responseTo: number, doc: Doc): Buffer {
  const body = serialize(doc);
  const flagsAndKind = Buffer.alloc(5); // flagBits 0, section kind 0
  return Buffer.concat([header(HEADER_SIZE + 5 + body.length, responseTo, OP_MSG), flagsAndKind, body]);
}

export function encodeOpReply(responseTo: number, doc: Doc): Buffer {
  const body = serialize(doc);
  const fields = Buffer.alloc(20); // responseFlags, cursorID (int64), startingFrom, numberReturned
  fields.writeInt32LE(1, 16);
  return Buffer.concat([header(HEADER_SIZE + 20 + body.length, responseTo, OP_REPLY), fields, body]);
}
