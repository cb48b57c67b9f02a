import { z } from 'zod';

// Caps keep a bad policy value from looping over centuries of days; ten years is far beyond any reply deadline.
const MAX_WORKING_DAYS = 2_500;
const MAX_WORKING_HOURS = MAX_WORKING_DAYS * 24;
const MAX_SECONDS = 10 * 366 * 86_400;

/**
 * A length of time for deadlines and reminders: whole working days, working hours (fractions allowed,
 * e.g. 0.5) or plain seconds. Always positive.
 */
export const SpanSchema = z.union([
  z.strictObject({ workingDays: z.number().int().positive().max(MAX_WORKING_DAYS) }),
  z.strictObject({ workingHours: z.number().positive().max(MAX_WORKING_HOURS) }),
  z.strictObject({ seconds: z.number().positive().max(MAX_SECONDS) }),
]);

/** `{ workingDays }`, `{ workingHours }` or `{ seconds }`, as validated by `SpanSchema`. */
export type Span = z.infer<typeof SpanSchema>;
