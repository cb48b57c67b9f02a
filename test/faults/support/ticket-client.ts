import { setTimeout as sleep } from 'node:timers/promises';

/** What one ticket's submission went through: every status seen, in order, until it was stored. */
export interface Submission {
  key: string;
  /** HTTP statuses in order; 0 = no HTTP answer (connection refused or reset, timeout). */
  statuses: number[];
  /** Set on 503s: whether each one carried a Retry-After header. */
  retryAfterMissing: number;
  /** Status of the last attempt (201 created, 200 replayed); undefined if it never succeeded. */
  final?: number;
  ticketId?: string;
}

/** How long a submission keeps retrying before it counts as failed. */
const GIVE_UP_AFTER_MS = 120_000;
/** Longest a client waits between retries, whatever Retry-After says, in milliseconds. */
const MAX_RETRY_WAIT_MS = 5000;

/** A body a switchboard would send for call number `index` of a run. */
export function faultTicketBody(label: string, index: number): Record<string, unknown> {
  const categories = ['heritage', 'tourism', 'library', 'sports', 'conduct', 'procedure'];
  return {
    channel: 'phone',
    citizen: { name: 'Võ Thị Hồng', phone: '0912 345 678' },
    category: categories[index % categories.length],
    subject: `Phản ánh thử tải ${label} số ${index}`,
    content: 'Nội dung phản ánh dùng cho kiểm thử chịu lỗi. <b>không phải HTML</b>',
    priority: 'normal',
  };
}

/**
 * Submits one ticket as a well-behaved switchboard does: the same Idempotency-Key on every retry,
 * a retry after Retry-After on 503 and after a second when the service cannot be reached.
 * Any other 4xx/5xx is final (and fails the scenario).
 */
export async function submitTicket(
  apiUrl: string,
  token: string,
  key: string,
  body: Record<string, unknown>,
): Promise<Submission> {
  const submission: Submission = { key, statuses: [], retryAfterMissing: 0 };
  const giveUpAt = Date.now() + GIVE_UP_AFTER_MS;
  while (Date.now() < giveUpAt) {
    let wait = 1000;
    try {
      const response = await fetch(`${apiUrl}/api/v1/tickets`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
      });
      const payload = (await response.json().catch(() => undefined)) as { id?: string } | undefined;
      submission.statuses.push(response.status);
      if (response.status === 201 || response.status === 200) {
        submission.final = response.status;
        submission.ticketId = payload?.id;
        return submission;
      }
      if (response.status !== 503) {
        submission.final = response.status;
        return submission;
      }
      const retryAfter = Number(response.headers.get('retry-after'));
      if (!Number.isFinite(retryAfter) || retryAfter <= 0) submission.retryAfterMissing++;
      else wait = Math.min(retryAfter * 1000, MAX_RETRY_WAIT_MS);
    } catch {
      submission.statuses.push(0);
    }
    await sleep(wait);
  }
  return submission;
}

/**
 * Submits `count` tickets with at most `concurrency` in flight, `pauseMs` apart per lane, so that a
 * fault can be injected in the middle of the burst (`reached(n)` resolves once n were stored).
 */
export class Burst {
  readonly submissions: Submission[] = [];
  private done = 0;
  private readonly waiters: Array<{ n: number; resolve: () => void }> = [];
  readonly finished: Promise<Submission[]>;
  readonly startedAt = Date.now();
  /** When the last submission ended (0 while running). */
  finishedAt = 0;

  constructor(
    readonly options: {
      apiUrl: string;
      token: string;
      label: string;
      count: number;
      concurrency: number;
      pauseMs: number;
    },
  ) {
    this.finished = this.run();
  }

  /** Idempotency-Key of ticket `index`. */
  keyOf(index: number): string {
    return `${this.options.label}-${index}`;
  }

  private holding: Promise<unknown> = Promise.resolve();

  /**
   * Starts no new submission until `work` settles (submissions already sent carry on). A scenario
   * holds the burst while it restarts the process it stopped: how long a restart takes depends on
   * how busy the machine is, and the next fault must still fall inside the burst.
   */
  async holdWhile<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.holding = Promise.all([this.holding, settled]);
    return work;
  }

  /** Resolves once `n` submissions have ended (stored, or given up). */
  reached(n: number): Promise<void> {
    if (this.done >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  private async run(): Promise<Submission[]> {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < this.options.count) {
        await this.holding;
        if (next >= this.options.count) break;
        const index = next++;
        const key = this.keyOf(index);
        const submission = await submitTicket(
          this.options.apiUrl,
          this.options.token,
          key,
          faultTicketBody(this.options.label, index),
        );
        this.submissions[index] = submission;
        this.done++;
        for (const waiter of this.waiters.filter((w) => w.n <= this.done)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
        if (this.options.pauseMs > 0) await sleep(this.options.pauseMs);
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, lane));
    this.finishedAt = Date.now();
    return this.submissions;
  }
}
