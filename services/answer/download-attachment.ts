import type { Response } from 'express';
import { AppError } from '../../shared/errors/app-error.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import { attachmentDir, isAttachmentId } from '../../shared/answering/attachment-store.js';

export interface AttachmentRecord {
  id: string;
  filename: string;
  contentType: string;
  storedAs: string;
}

/** An attachment of this ticket's answer, by id; 404 for anything else. */
export function findAttachment(ticket: StoredTicket, attachmentId: string): AttachmentRecord {
  const file = isAttachmentId(attachmentId)
    ? (ticket.answer?.attachments ?? []).find((item) => item.id === attachmentId)
    : undefined;
  if (!file?.id || !file.filename || !file.contentType || !file.storedAs || !isAttachmentId(file.storedAs)) {
    throw new AppError(404, 'ATTACHMENT_NOT_FOUND');
  }
  return { id: file.id, filename: file.filename, contentType: file.contentType, storedAs: file.storedAs };
}

/** Always a download with the type we detected, never rendered inline: a file cannot act as a page of this site. */
export async function sendAttachment(
  res: Response,
  dataDir: string,
  ticketId: string,
  file: AttachmentRecord,
): Promise<void> {
  res.attachment(file.filename);
  res.set({
    'Content-Type': file.contentType,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  });
  await new Promise<void>((resolve, reject) => {
    res.sendFile(
      file.storedAs,
      {
        root: attachmentDir(dataDir, ticketId),
        dotfiles: 'deny',
        cacheControl: false,
        lastModified: false,
        etag: false,
      },
      (error?: Error) => {
        if (!error) return resolve();
        const code = (error as { code?: string }).code;
        reject(
          code === 'ENOENT' || (error as { status?: number }).status === 404
            ? new AppError(404, 'ATTACHMENT_NOT_FOUND')
            : error,
        );
      },
    );
  });
}
