/**
 * Text as people typed it, made safe to store and compare: Unicode NFC (a word typed on a phone in
 * NFD must match the same word typed on a PC), CR/LF unified, control characters other than newline
 * and tab removed, and surrounding whitespace trimmed.
 *
 * Each cleaner is one native NFC pass followed by ONE linear scan over the code points, writing into
 * a buffer no longer than the input (issue 14): no regular expression runs over the value, so no
 * input shape can cost more than a constant per character (63,000 spaces once froze the event loop
 * for 11 s through a backtracking `/[ \t]+$/gm`; several `replace` passes made control-character
 * input ~7× a typical field). Callers still refuse oversize raw input before cleaning it
 * (`rawTextLimit`), so the cost is also bounded. The behaviour is exactly that of the earlier chain
 * of `replace` calls (test/unit/clean-text.test.ts compares the two).
 */

/**
 * The longest raw value worth cleaning for a field whose cleaned limit is `max` characters: room for
 * NFD (Vietnamese prose in NFD is about 1.2× its NFC length; a letter with two marks is three code
 * points) and stray whitespace, no more. Longer input is refused before any cleaning runs, which
 * keeps the worst case within 2× of typical text at the limit (`npm run bench -- --only=text`).
 */
export function rawTextLimit(max: number): number {
  return max * 2 + 64;
}

// One byte of flags per BMP code unit, built once from the same Unicode classes the regular
// expressions used, so the sets stay exactly those of the JavaScript engine's Unicode version.
const CONTROL = 1; // C0 controls except tab (09) and newline (0A), DEL, C1 controls
const FORMAT = 2; // general category Cf: bidi overrides (U+202E makes `gpj.exe` show as `exe.jpg`), zero-width
const SPACE = 4; // JavaScript's \s (what String.prototype.trim removes)
const LINE_END = 8; // where a multiline `$` matches: \n, \r, U+2028, U+2029
const BLANK = 16; // space and tab: the trailing blanks removed before a line end

const CLASSES = buildClassTable();

function buildClassTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let c = 0; c <= 0x9f; c++)
    if (c <= 0x08 || (c >= 0x0b && c <= 0x1f) || c >= 0x7f) table[c]! |= CONTROL;
  const units: number[] = [];
  for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) units.push(c);
  let bmp = '';
  for (let i = 0; i < units.length; i += 4096) bmp += String.fromCharCode(...units.slice(i, i + 4096));
  for (const m of bmp.matchAll(/\p{Cf}/gu)) table[m[0].charCodeAt(0)]! |= FORMAT;
  for (const m of bmp.matchAll(/\s/g)) table[m[0].charCodeAt(0)]! |= SPACE;
  for (const c of [0x0a, 0x0d, 0x2028, 0x2029]) table[c]! |= LINE_END;
  table[0x20]! |= BLANK;
  table[0x09]! |= BLANK;
  return table;
}

/** Format characters outside the BMP (tags, musical and hieroglyph format controls), tested in place. */
const ASTRAL_FORMAT_AT = /\p{Cf}/uy;

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}
function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

const UTF16 = new TextDecoder('utf-16le');

/** `String.prototype.isWellFormed` (Node 20+, native and linear); the project's TypeScript lib predates it. */
function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/**
 * The cleaned text: a prefix of the NFC text when nothing inside it was removed or replaced (the
 * usual case, no copy), else the buffer decoded natively. A string with a lone surrogate (which the
 * decoder would turn into U+FFFD) is rebuilt unit by unit instead, so it too comes back unchanged.
 */
function finish(text: string, out: Uint16Array, written: number, verbatim: boolean): string {
  if (verbatim) return text.slice(0, written);
  if (isWellFormed(text)) return UTF16.decode(out.subarray(0, written));
  let result = '';
  for (let i = 0; i < written; i += 4096) {
    result += String.fromCharCode(...out.subarray(i, Math.min(i + 4096, written)));
  }
  return result;
}

/**
 * Multiline fields (content, answers, notes): CR LF and lone CR become LF, controls are removed,
 * spaces and tabs before each line end are removed, and whitespace around the whole is trimmed.
 */
export function cleanMultilineText(value: string): string {
  const text = value.normalize('NFC');
  const out = new Uint16Array(text.length);
  let written = 0;
  /** Where the current run of trailing-blank candidates began in `out`, or -1. */
  let blankRunStart = -1;
  /** Whether `out` so far is `text` itself, unit for unit (then no copy is needed). */
  let verbatim = true;
  for (let i = 0; i < text.length; i++) {
    let unit = text.charCodeAt(i);
    if (unit === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      unit = 0x0a;
      verbatim = false;
    }
    const flags = CLASSES[unit]!;
    if (flags & CONTROL || (flags & SPACE && written === 0)) {
      verbatim = false; // removed, or trimmed at the start
      continue;
    }
    if (flags & LINE_END) {
      if (blankRunStart >= 0) {
        written = blankRunStart;
        verbatim = false;
      }
      blankRunStart = -1;
    } else if (flags & BLANK) {
      if (blankRunStart < 0) blankRunStart = written;
    } else {
      blankRunStart = -1;
    }
    out[written++] = unit;
  }
  while (written > 0 && CLASSES[out[written - 1]!]! & SPACE) written--; // trim at the end
  return finish(text, out, written, verbatim);
}

/**
 * For one-line fields (names, subjects, codes, filenames): any run of whitespace, newlines included,
 * becomes one space, and format characters (Cf) are removed, since these are shown to people as names.
 */
export function cleanSingleLineText(value: string): string {
  const text = value.normalize('NFC');
  const out = new Uint16Array(text.length);
  let written = 0;
  let spacePending = false;
  /** Whether `out` so far is `text` itself, unit for unit (then no copy is needed). */
  let verbatim = true;
  const writeSpace = (at: number) => {
    // One pending space stands for the whitespace run just before `at`: verbatim only when that
    // run was exactly one ordinary space at the position being written.
    if (text.charCodeAt(at - 1) !== 0x20 || written !== at - 1) verbatim = false;
    out[written++] = 0x20;
    spacePending = false;
  };
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isHighSurrogate(unit) && isLowSurrogate(text.charCodeAt(i + 1))) {
      ASTRAL_FORMAT_AT.lastIndex = i;
      if (ASTRAL_FORMAT_AT.test(text)) {
        verbatim = false;
      } else {
        if (spacePending) writeSpace(i);
        out[written++] = unit;
        out[written++] = text.charCodeAt(i + 1);
      }
      i++;
      continue;
    }
    const flags = CLASSES[unit]!;
    if (flags & (CONTROL | FORMAT)) {
      verbatim = false;
      continue;
    }
    if (flags & SPACE) {
      // Leading whitespace is trimmed; trailing whitespace is never written.
      if (written === 0) verbatim = false;
      else spacePending = true;
      continue;
    }
    if (spacePending) writeSpace(i);
    out[written++] = unit;
  }
  return finish(text, out, written, verbatim);
}

/** Escapes every regular-expression metacharacter, so user text matches literally. */
export function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
