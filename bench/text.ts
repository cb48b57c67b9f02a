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
  const measure = (label: string, content: string): TextCleaningCase => {
    const input = body(content);
    schema.safeParse(input); // warm-up
    const times: number[] = [];
    let accepted = false;
    for (let i = 0; i < repetitions; i++) {
      const started = performance.now();
      accepted = schema.safeParse(input).success;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const figure = {
      label,
      chars: content.length,
      medianMs: times[Math.floor(times.length / 2)]!,
      maxMs: times.at(-1)!,
      accepted,
    };
    options.log(
      `text cleaning: ${label}: median ${figure.medianMs.toFixed(2)} ms, max ${figure.maxMs.toFixed(2)} ms`,
    );
    return figure;
  };
  const typical = measure(
    'typical: Vietnamese prose at the 4,000-character limit',
    repeatTo(PROSE, fieldMax),
  );
  const justCleaned = raw;
  const cases = [
    measure(
      'one character, spaces, newline, one character (the attack)',
      `a${' '.repeat(justCleaned - 3)}\nb`,
    ),
    measure('spaces and tabs only', repeatTo(' \t', justCleaned)),
    measure('a space before every newline', repeatTo(' \n', justCleaned)),
    measure('CR LF pairs', repeatTo('\r\n', justCleaned)),
    measure('control characters', repeatTo('\u0001\u0007\u001b', justCleaned)),
    measure('format characters (U+202E, U+200B)', repeatTo('\u202E\u200B', justCleaned)),
    measure('Vietnamese prose in NFD', repeatTo(PROSE.normalize('NFD'), justCleaned)),
    measure('60,000 spaces (past the raw limit, refused unread)', `a${' '.repeat(60_000)}\nb`),
  ];
  const worst = Math.max(...cases.map((c) => c.medianMs));
  return { fieldMax, rawLimit: raw, repetitions, typical, cases, worstRatio: worst / typical.medianMs };
}
