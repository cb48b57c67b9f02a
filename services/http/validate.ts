import type { z } from 'zod';
import { AppError, type ErrorDetail } from '../../shared/errors/app-error.js';

/** Turns zod issues into the `details` of a 400: each bad field's path and a message. */
export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}

/** Parses `input` with `schema` or throws a 400 VALIDATION_FAILED listing every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError(400, 'VALIDATION_FAILED', { details: zodDetails(result.error) });
  return result.data;
}
