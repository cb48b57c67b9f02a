/**
 * Text as people typed it, made safe to store and compare: Unicode NFC (a word typed on a phone in
 * NFD must match the same word typed on a PC), CR/LF unified, control characters other than newline
 * and tab removed, and surrounding whitespace trimmed.
 */
// C0 controls except tab (09) and newline (0A), DEL, and C1 controls.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

export function cleanMultilineText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL_CHARACTERS, '')
    .replace(/[ \t]+$/gm, '')
    .trim();
}

/** For one-line fields (names, subjects, codes): any run of whitespace, newlines included, becomes one space. */
export function cleanSingleLineText(value: string): string {
  return cleanMultilineText(value).replace(/\s+/g, ' ');
}

/** Escapes every regular-expression metacharacter, so user text matches literally. */
export function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
