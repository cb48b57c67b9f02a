import type { RequestHandler } from 'express';
import multer from 'multer';
import { MAX_IMPORT_BYTES } from '../../shared/organisation/calendar-import.js';
import { AppError } from '../../shared/errors/app-error.js';

const TOO_LARGE_VI = `Tệp lịch quá lớn (tối đa ${MAX_IMPORT_BYTES / 1024} KB); một năm chỉ cần vài chục dòng.`;
const UNREADABLE_VI = 'Không đọc được nội dung gửi lên. Hãy chọn lại tệp CSV/JSON hoặc dán nội dung vào ô.';

const upload = multer({
  storage: multer.memoryStorage(),
  defParamCharset: 'utf8',
  limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, fieldSize: MAX_IMPORT_BYTES, parts: 12 },
}).single('file');

/** The calendar import form (multipart: a pasted text, or one uploaded file); limits become Vietnamese 400s. */
export function calendarImportUpload(): RequestHandler {
  return (req, res, next) => {
    upload(req, res, (error: unknown) => {
      if (!error) return next();
      const code = (error as { code?: string }).code;
      const message =
        code === 'LIMIT_FILE_SIZE' || code === 'LIMIT_FIELD_VALUE' ? TOO_LARGE_VI : UNREADABLE_VI;
      next(
        new AppError(400, 'VALIDATION_FAILED', {
          cause: error,
          message,
          details: [{ path: 'file', message }],
        }),
      );
    });
  };
}
