import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** How much written-but-unsent output an export lets pile up before it stops reading tickets. */
export const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;

/** Options of a streamed report writer. */
export interface StreamOptions {
  /** Bytes of output held in memory before the writer waits for the reader; default 1 MiB. */
  maxBufferedBytes?: number;
  /** Called each time the writer stops to wait for the reader (tests observe back-pressure with it). */
  onWait?: () => void;
}

/** The person downloading cancelled (or lost the connection): not a failure of the service. */
export class ReportReaderGone extends Error {
  constructor() {
    super('the report reader went away');
    this.name = 'ReportReaderGone';
  }
}

/** Throws once the reader went away (download cancelled): the rest of the month is not read for nobody. */
export function checkReader(out: Writable): void {
  if (out.destroyed || out.writableEnded) throw new ReportReaderGone();
}

/** Resolves once `out` has room again, or at once when it has; rejects if it closes first. */
export async function drained(out: Writable): Promise<void> {
  checkReader(out);
  if (!out.writableNeedDrain) return;
  // Both waits' listeners go once either ends: a month of waits would otherwise pile them up.
  const done = new AbortController();
  try {
    await Promise.race([
      once(out, 'drain', { signal: done.signal }),
      once(out, 'close', { signal: done.signal }).then(() => {
        throw new ReportReaderGone();
      }),
    ]);
  } finally {
    done.abort();
  }
}

/**
 * Waits while `buffered()` is above the limit. ExcelJS's streaming writer never waits for its
 * reader (its sheet stream pushes to the zip regardless), so the writer polls its buffers instead
 * of waiting for an event that would not come; `out` closing ends the wait with an error.
 */
export async function whileBuffered(
  buffered: () => number,
  out: Writable,
  options: StreamOptions,
): Promise<void> {
  const limit = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  checkReader(out);
  if (buffered() <= limit) return;
  options.onWait?.();
  while (buffered() > limit) {
    checkReader(out);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
