import { mkdir, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
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

const ID_SHAPE = /^[A-Za-z0-9_-]{22}$/;
const TICKET_ID_SHAPE = /^[0-9a-f]{24}$/;

/** `<DATA_DIR>/attachments/<ticketId>`; both parts are checked so no input can point elsewhere. */
export function attachmentDir(dataDir: string, ticketId: string): string {
  if (!TICKET_ID_SHAPE.test(ticketId)) throw new Error('bad ticket id for an attachment path');
  return resolve(dataDir, 'attachments', ticketId);
}

export function isAttachmentId(value: string): boolean {
  return ID_SHAPE.test(value);
}

export async function storeAttachments(
  dataDir: string,
  ticketId: string,
  files: CheckedAttachment[],
): Promise<StoredAttachment[]> {
  if (files.length === 0) return [];
  const dir = attachmentDir(dataDir, ticketId);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stored: StoredAttachment[] = [];
  try {
    for (const file of files) {
      const id = randomToken(16);
      await writeFile(resolve(dir, id), file.buffer, { flag: 'wx', mode: 0o600 });
      stored.push({
        id,
        filename: file.filename,
        contentType: file.contentType,
        size: file.buffer.length,
        storedAs: id,
      });
    }
  } catch (error) {
    await removeAttachments(dataDir, ticketId, stored);
    throw error;
  }
  return stored;
}

/** Removes files of an answer that was not recorded (the other person won the race). */
export async function removeAttachments(
  dataDir: string,
  ticketId: string,
  stored: StoredAttachment[],
): Promise<void> {
  const dir = attachmentDir(dataDir, ticketId);
  await Promise.all(stored.map((file) => rm(resolve(dir, file.storedAs), { force: true })));
}
