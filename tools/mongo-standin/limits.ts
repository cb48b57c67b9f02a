/** Limits advertised in the handshake and enforced by the wire protocol (MongoDB's defaults). */
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
export const MAX_MESSAGE_SIZE_BYTES = 48_000_000;
export const MAX_WRITE_BATCH_SIZE = 100_000;
/** Wire version 21 is MongoDB 7.0: OP_MSG, sessions, hello. */
export const MAX_WIRE_VERSION = 21;
export const SERVER_VERSION = '7.0.0-standin';
