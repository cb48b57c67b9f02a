/**
 * Text as people typed it, made safe to store and compare: Unicode NFC (a word typed on a phone in
 * NFD must match the same word typed on a PC), CR/LF unified, control characters other than newline
 * and tab removed, and surrounding whitespace trimmed.
 *
 * Every step here is linear in the input (issue 14): single-character classes, greedy runs that can
 * only succeed, and one anchored run per line end, never a pattern like `/[ \t]+$/gm`, which retries
 * the rest of a run of spaces from each of its positions (63,000 spaces froze the event loop for 11 s). Callers still refuse
 * oversize raw input before cleaning it (`rawTextLimit`), so the cost is also bounded.
 */
// C0 controls except tab (09) and newline (0A), DEL, and C1 controls.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Unicode format characters (general category Cf): bidi overrides such as U+202E make `gpj.exe`
// display as `exe.jpg`; zero-width characters make two names that look the same differ.
const FORMAT_CHARACTERS = /\p{Cf}/gu;

/**
 * The longest raw value worth cleaning for a field whose cleaned limit is `max` characters: room for
 * NFD (Vietnamese prose in NFD is about 1.2× its NFC length; a letter with two marks is three code
 * points) and stray whitespace, no more. Longer input is refused before any cleaning runs, which
 * keeps the worst case within 2× of typical text at the limit (`npm run bench -- --only=text`).
 */
export function rawTextLimit(max: number): number {
  return max * 2 + 64;
}

/**
 * Spaces and tabs at the end of a line. The lookbehind lets a match start only where a run of them
 * starts, so each run is scanned once: `/[ \t]+$/gm` alone retried the rest of the run from each of
 * its positions, quadratic in its length.
 */
const TRAILING_BLANKS = /(?<![ \t])[ \t]+$/gm;

export function cleanMultilineText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL_CHARACTERS, '')
    .replace(TRAILING_BLANKS, '')
    .trim();
}

/**
 * For one-line fields (names, subjects, codes, filenames): any run of whitespace, newlines included,
 * becomes one space, and format characters (Cf) are removed, since these are shown to people as names.
 */
export function cleanSingleLineText(value: string): string {
  return value
    .normalize('NFC')
    .replace(CONTROL_CHARACTERS, '')
    .replace(FORMAT_CHARACTERS, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes every regular-expression metacharacter, so user text matches literally. */
export function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
