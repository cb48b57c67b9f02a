import type { Response } from 'express';
import { AppError } from '../../shared/errors/app-error.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import { pipeline } from 'node:stream/promises';
import { isAttachmentId, openAttachment } from '../../shared/answering/attachment-store.js';
import { currentSupports, type SupportRecord } from '../../shared/tickets/co-handling.js';

export interface AttachmentRecord {
  id: string;
  filename: string;
  contentType: string;
  storedAs: string;
}

/**
 * An attachment of this ticket's answer, or of a supporting unit's input under the current lead
 * assignment (co-handling: the lead reads it on its page), by id; 404 for anything else.
 */
export function findAttachment(ticket: StoredTicket, attachmentId: string): AttachmentRecord {
  const files = [
    ...(ticket.answer?.attachments ?? []),
    ...currentSupports(ticket as unknown as { status: string; supports: SupportRecord[] }).flatMap(
      (support) => support.input?.attachments ?? [],
    ),
  ];
  const file = isAttachmentId(attachmentId) ? files.find((item) => item.id === attachmentId) : undefined;
  if (!file?.id || !file.filename || !file.contentType || !file.storedAs || !isAttachmentId(file.storedAs)) {
    throw new AppError(404, 'ATTACHMENT_NOT_FOUND');
  }
  return { id: file.id, filename: file.filename, contentType: file.contentType, storedAs: file.storedAs };
}

/** Always a download with the type we detected, never rendered inline: a file cannot act as a page of this site. */
export async function sendAttachment(res: Response, ticketId: string, file: AttachmentRecord): Promise<void> {
  const bytes = await openAttachment(ticketId, file.storedAs);
  if (!bytes) throw new AppError(404, 'ATTACHMENT_NOT_FOUND');
  res.attachment(file.filename);
  res.set({
    'Content-Type': file.contentType,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  });
  // The headers are sent with the first chunk; a read failing after that can only cut the download short.
  await pipeline(bytes, res);
}
