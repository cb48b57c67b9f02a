import type { RequestHandler } from 'express';
import multer from 'multer';
import { AppError } from '../../shared/errors/app-error.js';

/** At most 3 files of 5 MB each (the page says the same). */
export const MAX_ATTACHMENTS = 3;
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export const ATTACHMENT_FIELD = 'attachments';

const UNREADABLE_UPLOAD_VI =
  'Tệp đính kèm không đọc được (tên tệp hoặc dữ liệu gửi lên không hợp lệ). Vui lòng chọn lại tệp và gửi lại.';

/** A file as received, still only in memory: nothing touches the disk before the form is checked. */
export interface ReceivedFile {
  originalName: string;
  buffer: Buffer;
}

const upload = multer({
  storage: multer.memoryStorage(),
  // Filenames arrive as UTF-8 from browsers; busboy's default would read "Trả lời.pdf" as Latin-1.
  defParamCharset: 'utf8',
  limits: {
    fileSize: MAX_ATTACHMENT_BYTES,
    files: MAX_ATTACHMENTS,
    fields: 20,
    fieldSize: 64 * 1024,
    parts: 30,
  },
}).array(ATTACHMENT_FIELD, MAX_ATTACHMENTS);

/**
 * busboy decodes text fields itself, turning bytes that are not UTF-8 into U+FFFD; a browser never
 * sends those, so a field holding one is refused rather than stored as garbage.
 */
function hasUndecodableText(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  return Object.values(body).some((value) =>
    (Array.isArray(value) ? value : [value]).some((v) => typeof v === 'string' && v.includes('\uFFFD')),
  );
}

/** Parses the answer form (multipart); limit breaches become the Vietnamese 400s of the form. */
export function attachmentUpload(): RequestHandler {
  return (req, res, next) => {
    upload(req, res, (error: unknown) => {
      if (!error) {
        return next(hasUndecodableText(req.body) ? new AppError(400, 'VALIDATION_FAILED') : undefined);
      }
      // The sender went away mid-upload: nobody to answer, and no fault of ours to log as one.
      if (req.destroyed) return next(new AppError(400, 'VALIDATION_FAILED'));
      const code = (error as { code?: string }).code;
      if (code === 'LIMIT_FILE_SIZE') return next(new AppError(400, 'ATTACHMENT_TOO_LARGE'));
      if (code === 'LIMIT_FILE_COUNT' || code === 'LIMIT_UNEXPECTED_FILE') {
        return next(new AppError(400, 'TOO_MANY_ATTACHMENTS'));
      }
      if (typeof code === 'string' && code.startsWith('LIMIT_'))
        return next(new AppError(400, 'VALIDATION_FAILED'));
      // Anything else busboy reports is a body no browser sends (a CR/LF inside a filename is a
      // "Malformed part header"): the sender's mistake, a 400 naming the files, never a 500.
      return next(
        new AppError(400, 'VALIDATION_FAILED', {
          cause: error,
          details: [{ path: ATTACHMENT_FIELD, message: UNREADABLE_UPLOAD_VI }],
        }),
      );
    });
  };
}

/** The files of a parsed request, without the empty part a browser sends when no file was chosen. */
export function receivedFiles(files: unknown): ReceivedFile[] {
  if (!Array.isArray(files)) return [];
  return (files as Express.Multer.File[])
    .filter((file) => file.size > 0 || file.originalname !== '')
    .map((file) => ({ originalName: file.originalname, buffer: file.buffer }));
}
