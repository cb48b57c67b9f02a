/**
 * Text as people typed it, made safe to store and compare: Unicode NFC (a word typed on a phone in
 * NFD must match the same word typed on a PC), CR/LF unified, control characters other than newline
 * and tab removed, and surrounding whitespace trimmed.
 *
 * Every step here is linear in the input (issue 14): single-character classes and greedy runs that
 * can only succeed, never a pattern like `/[ \t]+$/gm`, which retries the rest of a run of spaces
 * from each of its positions (63,000 spaces froze the event loop for 11 s). Callers still refuse
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
 * NFD (a Vietnamese letter can take three code points before NFC) and stray whitespace, no more.
 * Longer input is refused before any cleaning runs.
 */
export function rawTextLimit(max: number): number {
  return max * 3 + 64;
}

/** Removes spaces and tabs at the end of one line, scanning back once (no regex backtracking). */
function trimLineEnd(line: string): string {
  let end = line.length;
  while (end > 0) {
    const code = line.charCodeAt(end - 1);
    if (code !== 0x20 && code !== 0x09) break;
    end -= 1;
  }
  return end === line.length ? line : line.slice(0, end);
}

export function cleanMultilineText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL_CHARACTERS, '')
    .split('\n')
    .map(trimLineEnd)
    .join('\n')
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
