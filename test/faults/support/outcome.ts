import { setTimeout as sleep } from 'node:timers/promises';
import { Digest } from '../../../shared/db/models/digest.model.js';
import { Ticket } from '../../../shared/db/models/ticket.model.js';
import type { MailCatcher } from '../../../tools/mail-catcher/index.js';

/** The counts every scenario prints, one table line each. */
export interface FaultCounts {
  submitted: number;
  stored: number;
  assigned: number;
  /** Tickets whose unit received the assignment e-mail. */
  emailed: number;
  /** Tickets escalated to the last level with every escalation e-mail received. */
  escalated: number;
  /** Extra copies of e-mails received more than once (0 = every Message-ID counted once). */
  duplicates: number;
}

export interface Outcome {
  counts: FaultCounts;
  /** Tickets that owe nothing more: assigned, escalated to the end, every owed e-mail received. */
  complete: number;
  /** Human-readable reasons, at most a few per kind (duplicates are listed apart). */
  problems: string[];
  /** E-mails received more than once, with the number of send attempts their outbox entry recorded. */
  duplicated: Array<{ messageId: string; copies: number; attempts: number }>;
}

const LAST_LEVEL = 2;
const MAX_PROBLEMS_PER_KIND = 5;

/**
 * Reads MongoDB (the truth) and the SMTP sink (what people received) for the tickets submitted
 * under `keys` (Idempotency-Keys, scoped by the operator's id as intake stores them).
 */
export async function measureOutcome(
  operatorId: string,
  keys: string[],
  mail: MailCatcher,
): Promise<Outcome> {
  const scoped = keys.map((key) => `${operatorId}:${key}`);
  const tickets = await Ticket.find({ idempotencyKey: { $in: scoped } }).lean();
  const received = mail.byMessageId();
  const problems = new Map<string, string[]>();
  const problem = (kind: string, text: string): void => {
    const list = problems.get(kind) ?? [];
    if (list.length < MAX_PROBLEMS_PER_KIND) list.push(text);
    problems.set(kind, list);
  };

  const got = (messageId: string | undefined): boolean =>
    messageId !== undefined && (received.get(messageId) ?? 0) >= 1;
  const owedIds = new Set<string>();
  const attemptsOf = new Map<string, number>();
  let assigned = 0;
  let emailed = 0;
  let escalated = 0;
  let complete = 0;
  const byKey = new Map<string, number>();
  for (const ticket of tickets) {
    const key = ticket.idempotencyKey ?? '';
    byKey.set(key, (byKey.get(key) ?? 0) + 1);
    const outbox = ticket.outbox ?? [];
    for (const owed of outbox) {
      owedIds.add(owed.messageId);
      attemptsOf.set(owed.messageId, owed.attempts);
    }
    if (ticket.assignment?.no) assigned++;
    else problem('not assigned', `${ticket.code} is ${ticket.status}`);
    if (got(outbox.find((m) => m.key === 'assign-1')?.messageId)) emailed++;
    const escalationMails = outbox.filter((m) => m.kind === 'escalate' || m.kind === 'overdue');
    const allEscalationsReceived =
      (ticket.escalation?.level ?? 0) >= LAST_LEVEL &&
      escalationMails.length === 2 * LAST_LEVEL &&
      escalationMails.every((m) => got(m.messageId));
    if (allEscalationsReceived) escalated++;
    const unsent = outbox.filter((m) => !m.sentAt || !got(m.messageId));
    const failed = outbox.filter((m) => m.failedAt);
    for (const m of failed) problem('e-mail marked failed', `${ticket.code} ${m.key}`);
    for (const m of unsent)
      problem('e-mail owed, not received', `${ticket.code} ${m.key} (attempts ${m.attempts})`);
    if (
      ticket.assignment?.no &&
      allEscalationsReceived &&
      ticket.next === null &&
      unsent.length === 0 &&
      failed.length === 0
    ) {
      complete++;
    }
  }
  // The Office Chief's daily digest is owed too when the suite runs on a working day between the
  // digest's catch-up time and the office's closing (the sweeper sends the missed 07:30 digest):
  // whether there is one depends on the instant, and when there is, it must arrive exactly once.
  for (const digest of await Digest.find({}).lean()) {
    owedIds.add(digest.messageId);
    attemptsOf.set(digest.messageId, digest.attempts);
    if (!digest.sentAt || !got(digest.messageId))
      problem('digest owed, not received', `${digest.date} (attempts ${digest.attempts})`);
  }
  for (const [key, count] of byKey) if (count > 1) problem('stored twice', `${key} ×${count}`);
  const storedKeys = new Set(byKey.keys());
  for (const key of scoped) if (!storedKeys.has(key)) problem('not stored', key.split(':').pop() ?? key);

  let duplicates = 0;
  const duplicated: Outcome['duplicated'] = [];
  for (const [messageId, count] of received) {
    if (count > 1) {
      duplicates += count - 1;
      duplicated.push({ messageId, copies: count, attempts: attemptsOf.get(messageId) ?? 0 });
    }
    if (!owedIds.has(messageId)) problem('e-mail nobody owed', messageId);
  }

  return {
    counts: {
      submitted: keys.length,
      stored: storedKeys.size,
      assigned,
      emailed,
      escalated,
      duplicates,
    },
    complete,
    problems: [...problems].map(([kind, list]) => `${kind}: ${list.join(', ')}`),
    duplicated,
  };
}

/** Polls until every submitted ticket is complete, or `timeoutMs` passes; returns the last reading. */
export async function waitForOutcome(
  operatorId: string,
  keys: string[],
  mail: MailCatcher,
  timeoutMs: number,
): Promise<Outcome & { waitedMs: number }> {
  const started = Date.now();
  for (;;) {
    const outcome = await measureOutcome(operatorId, keys, mail).catch((error: unknown) => ({
      counts: { submitted: keys.length, stored: 0, assigned: 0, emailed: 0, escalated: 0, duplicates: 0 },
      complete: 0,
      problems: [`database not readable: ${error instanceof Error ? error.message : String(error)}`],
      duplicated: [],
    }));
    const waitedMs = Date.now() - started;
    if ((outcome.complete === keys.length && outcome.problems.length === 0) || waitedMs > timeoutMs) {
      return { ...outcome, waitedMs };
    }
    await sleep(1000);
  }
}

const COLUMNS: Array<keyof FaultCounts> = [
  'submitted',
  'stored',
  'assigned',
  'emailed',
  'escalated',
  'duplicates',
];

/** The table's header line. */
export function countsHeader(): string {
  return `| scenario | ${COLUMNS.map((c) => (c === 'emailed' ? 'e-mailed' : c)).join(' | ')} | settled after the burst | notes |`;
}

/** One scenario's line of the table. */
export function countsLine(
  scenario: string,
  counts: FaultCounts,
  recoveredMs: number,
  notes: string,
): string {
  return `| ${scenario} | ${COLUMNS.map((c) => String(counts[c])).join(' | ')} | ${(recoveredMs / 1000).toFixed(1)} s | ${notes} |`;
}
