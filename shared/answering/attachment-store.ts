import { finished } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import mongoose from 'mongoose';
import { randomToken } from '../security/tokens.js';
import type { CheckedAttachment } from './attachment-check.js';

/** What the ticket records about a stored file; `storedAs` is our random name, never the client's. */
export interface StoredAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  storedAs: string;
}

/**
 * Answers' files live in MongoDB GridFS (`attachments.files` / `attachments.chunks`), not on one
 * host's disk, so a file uploaded through one HTTP process downloads through any other. A file's
 * GridFS `_id` is its `storedAs`; its metadata names the ticket, and a file is only ever opened
 * for that ticket.
 */
export const ATTACHMENT_BUCKET = 'attachments';

const ID_SHAPE = /^[A-Za-z0-9_-]{22}$/;

export function isAttachmentId(value: string): boolean {
  return ID_SHAPE.test(value);
}

function bucket(): mongoose.mongo.GridFSBucket {
  const db = mongoose.connection.db;
  if (!db) throw new Error('attachments need the database connection');
  return new mongoose.mongo.GridFSBucket(db, { bucketName: ATTACHMENT_BUCKET });
}

/** Writes one file under `storedAs`; a second write of the same `storedAs` fails on GridFS's unique index. */
export async function saveAttachmentFile(
  ticketId: string,
  storedAs: string,
  file: { filename: string; contentType: string; bytes: Buffer },
): Promise<void> {
  const upload = bucket().openUploadStreamWithId(storedAs as never, file.filename, {
    metadata: { ticketId, contentType: file.contentType },
  });
  upload.end(file.bytes);
  await finished(upload);
}

/** Stores an answer's files; if one fails, those already written are removed again. */
export async function saveAttachments(
  ticketId: string,
  files: CheckedAttachment[],
): Promise<StoredAttachment[]> {
  const stored: StoredAttachment[] = [];
  try {
    for (const file of files) {
      const id = randomToken(16);
      await saveAttachmentFile(ticketId, id, {
        filename: file.filename,
        contentType: file.contentType,
        bytes: file.buffer,
      });
      stored.push({
        id,
        filename: file.filename,
        contentType: file.contentType,
        size: file.buffer.length,
        storedAs: id,
      });
    }
  } catch (error) {
    await deleteAttachments(ticketId, stored);
    throw error;
  }
  return stored;
}

/** The file's bytes as a stream, or undefined when this ticket has no such file (never stored, or deleted). */
export async function openAttachment(ticketId: string, storedAs: string): Promise<Readable | undefined> {
  if (!isAttachmentId(storedAs)) return undefined;
  const files = bucket();
  const [file] = await files
    .find({ _id: storedAs, 'metadata.ticketId': ticketId } as never, { limit: 1 })
    .toArray();
  return file ? files.openDownloadStream(storedAs as never) : undefined;
}

/** Removes files (an answer not recorded because another won the race, or retention); missing files are fine. */
export async function deleteAttachments(
  ticketId: string,
  stored: readonly Pick<StoredAttachment, 'storedAs'>[],
): Promise<void> {
  const files = bucket();
  for (const { storedAs } of stored) {
    const [file] = await files
      .find({ _id: storedAs, 'metadata.ticketId': ticketId } as never, { limit: 1 })
      .toArray();
    if (!file) continue;
    await files.delete(storedAs as never).catch((error: unknown) => {
      // Deleted meanwhile by someone else: the outcome wanted.
      if (!(error instanceof mongoose.mongo.MongoRuntimeError) || !/File not found/i.test(error.message))
        throw error;
    });
  }
}
