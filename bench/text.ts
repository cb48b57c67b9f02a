import { loadRoutingTable } from '../config/routing-table.js';
import { buildTicketInputSchema } from '../services/intake/ticket-input.schema.js';
import { rawTextLimit } from '../shared/text/clean-text.js';

/** One shape of `content`: how long the ticket body's validation holds the event loop. */
export interface TextCleaningCase {
  label: string;
  chars: number;
  /** Median and maximum of the repetitions, in milliseconds of synchronous (event-loop) time. */
  medianMs: number;
  maxMs: number;
  accepted: boolean;
}

export interface TextCleaningFigures {
  fieldMax: number;
  rawLimit: number;
  repetitions: number;
  typical: TextCleaningCase;
  cases: TextCleaningCase[];
  /** The slowest hostile case over the typical one (medians). */
  worstRatio: number;
}

const PROSE =
  'Tường rào khu di tích Gò Tháp bị sập một đoạn dài khoảng mười mét, đề nghị Sở kiểm tra và sửa chữa sớm. ';

function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/**
 * The cost of cleaning the longest text field (`content`, 4,000 characters) through the same zod
 * schema intake uses, for typical prose at the limit and for the hostile shapes of issue 14 at the
 * largest raw size that is still cleaned, and beyond it (refused unread). Everything here runs
 * synchronously, so its duration is the time the event loop is blocked.
 */
export function benchTextCleaning(options: {
  repetitions?: number;
  log: (line: string) => void;
}): TextCleaningFigures {
  const repetitions = options.repetitions ?? 300;
  const schema = buildTicketInputSchema(loadRoutingTable());
  const fieldMax = 4000;
  const raw = rawTextLimit(fieldMax);
  const body = (content: string) => ({
    channel: 'phone',
    citizen: { name: 'Võ Thị Hồng', phone: '0912 345 678' },
    category: 'heritage',
    subject: 'Di tích Gò Tháp xuống cấp',
    content,
  });
  // Every case is timed once per round, round after round, so that a burst of load on a shared
  // machine (other processes, GC) falls on all of them alike instead of on whichever case was running.
  const shapes: Array<[string, string]> = [
    ['typical: Vietnamese prose at the 4,000-character limit', repeatTo(PROSE, fieldMax)],
    ['one character, spaces, newline, one character (the attack)', `a${' '.repeat(raw - 3)}\nb`],
    ['spaces and tabs only', repeatTo(' \t', raw)],
    ['a space before every newline', repeatTo(' \n', raw)],
    ['CR LF pairs', repeatTo('\r\n', raw)],
    ['control characters', repeatTo('\u0001\u0007\u001b', raw)],
    ['format characters (U+202E, U+200B)', repeatTo('\u202E\u200B', raw)],
    ['Vietnamese prose in NFD', repeatTo(PROSE.normalize('NFD'), raw)],
    ['60,000 spaces (past the raw limit, refused unread)', `a${' '.repeat(60_000)}\nb`],
  ];
  const inputs = shapes.map(([, content]) => body(content));
  const times = shapes.map(() => [] as number[]);
  const accepted = shapes.map(() => false);
  for (let i = 0; i < 20; i++) for (const input of inputs) schema.safeParse(input); // warm-up
  for (let round = 0; round < repetitions; round++) {
    inputs.forEach((input, k) => {
      const started = performance.now();
      accepted[k] = schema.safeParse(input).success;
      times[k]!.push(performance.now() - started);
    });
  }
  const figures = shapes.map(([label, content], k): TextCleaningCase => {
    const sorted = times[k]!.sort((a, b) => a - b);
    const figure = {
      label,
      chars: content.length,
      medianMs: sorted[Math.floor(sorted.length / 2)]!,
      maxMs: sorted.at(-1)!,
      accepted: accepted[k]!,
    };
    options.log(
      `text cleaning: ${label}: median ${figure.medianMs.toFixed(2)} ms, max ${figure.maxMs.toFixed(2)} ms`,
    );
    return figure;
  });
  const typical = figures[0]!;
  const cases = figures.slice(1);
  const worst = Math.max(...cases.map((c) => c.medianMs));
  return { fieldMax, rawLimit: raw, repetitions, typical, cases, worstRatio: worst / typical.medianMs };
}
