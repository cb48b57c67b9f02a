import { buffer } from 'node:stream/consumers';
import mongoose from 'mongoose';
import { ATTACHMENT_BUCKET, openAttachment } from '../../shared/answering/attachment-store.js';

/** The stored bytes of a ticket's attachment, or undefined when the store has no such file. */
export async function storedAttachmentBytes(ticketId: string, storedAs: string): Promise<Buffer | undefined> {
  const stream = await openAttachment(ticketId, storedAs);
  return stream ? buffer(stream) : undefined;
}

/** `storedAs` of every file the store holds for a ticket. */
export async function storedAttachmentIds(ticketId: string): Promise<string[]> {
  const files = await mongoose.connection
    .db!.collection(`${ATTACHMENT_BUCKET}.files`)
    .find({ 'metadata.ticketId': ticketId })
    .toArray();
  return files.map((file) => String(file._id)).sort();
}
