const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

/**
 * `90d`, `12h` or `30m` (the CLI's `--expires-in`, the staff page's "hết hạn sau") as milliseconds;
 * undefined when the text is not of that form or is zero.
 */
export function parseExpiresIn(text: string): number | undefined {
  const match = /^(\d{1,5})\s*([dhm])$/.exec(text.trim().toLowerCase());
  if (!match || Number(match[1]) === 0) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
