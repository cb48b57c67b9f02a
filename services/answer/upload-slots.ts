import { AppError } from '../../shared/errors/app-error.js';

/**
 * Uploads in flight per answer link in this process (issue 14, finding 6): an answer form holds up
 * to 15 MB in memory while it is read, so whoever holds a link may send two at a time (a double
 * click, two colleagues answering at once, which the guarded update settles), not eight.
 */
export function createUploadSlots(perLink = 2) {
  const active = new Map<string, number>();
  return {
    /** Takes a slot for `key` or throws 429 RATE_LIMITED; the returned release is safe to call twice. */
    take(key: string): () => void {
      const inFlight = active.get(key) ?? 0;
      if (inFlight >= perLink) throw new AppError(429, 'RATE_LIMITED');
      active.set(key, inFlight + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (active.get(key) ?? 1) - 1;
        if (left <= 0) active.delete(key);
        else active.set(key, left);
      };
    },
  };
}
