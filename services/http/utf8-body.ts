import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { AppError } from '../../shared/errors/app-error.js';
import type { ErrorCode } from '../../shared/errors/messages-vi.js';

/**
 * A body parser's `verify` option that refuses bytes which are not UTF-8 when the body says it is
 * UTF-8 (JSON always is): without it the decoder turns them into U+FFFD and the garbage is stored.
 * Thrown from `verify`, the AppError keeps its 400 (body-parser would otherwise answer 403).
 */
export function rejectInvalidUtf8(
  code: ErrorCode,
): (req: IncomingMessage, res: unknown, body: Buffer, encoding: string) => void {
  return (_req, _res, body, encoding) => {
    if (/^utf-?8$/i.test(encoding) && !isUtf8(body)) throw new AppError(400, code);
  };
}
