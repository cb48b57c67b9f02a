import { readdir, readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { findTicketById } from '../tickets/repository/ticket-repository.js';
import { isAttachmentId, openAttachment, saveAttachmentFile } from './attachment-store.js';

/** What one run did with each file found under `<DATA_DIR>/attachments/<ticketId>/<storedAs>`. */
export interface MigrationReport {
  /** Copied into the store, then removed from disk. */
  moved: Array<{ ticketId: string; storedAs: string; size: number }>;
  /** Already in the store (an earlier, interrupted run): removed from disk. */
  alreadyStored: Array<{ ticketId: string; storedAs: string }>;
  /** No answer of that ticket lists the file (e.g. left by a lost race): left on disk, untouched. */
  orphans: Array<{ ticketId: string; name: string }>;
}

const TICKET_ID_SHAPE = /^[0-9a-f]{24}$/;

async function entries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Moves answers' files from one host's disk (where they were kept before issue 21) into the
 * attachment store every HTTP process reads. Safe to run again: a file already stored is only
 * removed from disk, and a file is removed from disk only once the store holds it.
 */
export async function migrateDiskAttachments(dataDir: string): Promise<MigrationReport> {
  const report: MigrationReport = { moved: [], alreadyStored: [], orphans: [] };
  const root = resolve(dataDir, 'attachments');
  for (const ticketId of await entries(root)) {
    const names = await entries(resolve(root, ticketId));
    const ticket = TICKET_ID_SHAPE.test(ticketId) ? await findTicketById(ticketId) : null;
    for (const name of names) {
      const record = ticket?.answer?.attachments?.find((file) => file.storedAs === name);
      if (!record || !isAttachmentId(name) || !record.filename || !record.contentType) {
        report.orphans.push({ ticketId, name });
        continue;
      }
      const path = resolve(root, ticketId, name);
      const existing = await openAttachment(ticketId, name);
      if (existing) {
        existing.destroy();
        report.alreadyStored.push({ ticketId, storedAs: name });
      } else {
        const bytes = await readFile(path);
        await saveAttachmentFile(ticketId, name, {
          filename: record.filename,
          contentType: record.contentType,
          bytes,
        });
        report.moved.push({ ticketId, storedAs: name, size: bytes.length });
      }
      await rm(path, { force: true });
    }
    if ((await entries(resolve(root, ticketId))).length === 0)
      await rm(resolve(root, ticketId), { recursive: true, force: true });
  }
  return report;
}
