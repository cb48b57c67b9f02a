import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/**
 * Reads one JSON settings file and checks it against its schema; a file that cannot be read or does
 * not fit stops start-up with every problem named (`what` says which file people are looking at).
 */
export function readConfigFile<S extends z.ZodType>(
  source: string | URL,
  what: string,
  schema: S,
): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(source, 'utf8'));
  } catch (error) {
    throw new Error(
      `Cannot read ${what} ${String(source)}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid ${what} ${String(source)}: ${problems}`);
  }
  return result.data;
}
