import { ObjectId } from 'bson';
import { type Doc } from './bson-order.js';
import { CommandError, ErrorCode } from './errors.js';

/** Returns the document with `_id` as its first field, generating an ObjectId when it has none. */
export function withId(doc: Doc): Doc {
  const { _id, ...rest } = doc;
  if (Array.isArray(_id)) throw new CommandError(ErrorCode.BadValue, "can't use an array for _id");
  if (_id instanceof RegExp) throw new CommandError(ErrorCode.BadValue, "can't use a regex for _id");
  return { _id: _id === undefined ? new ObjectId() : _id, ...rest };
}
