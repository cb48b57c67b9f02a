/**
 * Removes personal data from a question or an answer before it is published: the caller's own name
 * and address, phone numbers, e-mail addresses, identity-card numbers, house addresses and people's
 * names. Heuristic by nature, so it errs towards removing too much, and the Office Chief sees what was
 * removed before anything goes out. Pure, and linear in the text: every pattern is bounded.
 */

export type RemovedKind = 'name' | 'phone' | 'email' | 'id_number' | 'address';

export interface Removed {
  kind: RemovedKind;
  text: string;
}

export interface Redacted {
  text: string;
  removed: Removed[];
}

export const REDACTION_MARKS_VI: Readonly<Record<RemovedKind, string>> = {
  name: '[họ tên]',
  phone: '[số điện thoại]',
  email: '[thư điện tử]',
  id_number: '[số giấy tờ]',
  address: '[địa chỉ]',
};

export const REMOVED_KIND_LABELS_VI: Readonly<Record<RemovedKind, string>> = {
  name: 'Họ tên',
  phone: 'Số điện thoại',
  email: 'Thư điện tử',
  id_number: 'Số CMND/CCCD, giấy tờ',
  address: 'Địa chỉ',
};

/** The most common Vietnamese family names; a capitalised run starting with one is taken as a name. */
const SURNAMES = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Đinh',
  'Đoàn',
  'Trương',
  'Lâm',
  'Mai',
  'Tô',
  'Cao',
  'Lương',
  'Châu',
  'Tạ',
  'Trịnh',
  'Quách',
  'Kiều',
  'Lưu',
  'Thái',
  'Hà',
  'Văn',
  'La',
  'Triệu',
  'Từ',
  'Tăng',
  'Phùng',
  'Nông',
];
const WORD = String.raw`\p{Lu}[\p{Ll}\p{M}]*`;
const HONORIFICS = ['ông', 'bà', 'anh', 'chị', 'cô', 'chú', 'bác', 'em', 'cháu', 'đồng chí', 'cán bộ'];
/** Lower-case or at the start of a sentence; the name after it stays case-sensitive. */
const HONORIFIC = `(?:${HONORIFICS.flatMap((word) => [word, word[0]!.toUpperCase() + word.slice(1)]).join('|')})`;

/** In order: the first that matches a stretch of text wins it. */
const PATTERNS: Array<{ kind: RemovedKind; pattern: RegExp }> = [
  { kind: 'email', pattern: /[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){1,5}/gu },
  { kind: 'phone', pattern: /(?<![\p{N}])(?:\+?84|0)(?:[ .-]?\p{N}){8,10}(?![\p{N}])/gu },
  { kind: 'id_number', pattern: /(?<![\p{N}])(?:\p{N}{12}|\p{N}{9})(?![\p{N}])/gu },
  {
    kind: 'address',
    pattern: new RegExp(
      String.raw`(?:số nhà|nhà số|số)\s{1,3}\p{N}{1,5}(?:[/\p{L}\p{N}-]{0,10})(?:\s{0,3},?\s{0,3}(?:đường|hẻm|ngõ|kiệt|phố)\s{1,3}(?:${WORD}\s{0,3}){1,4})?` +
        String.raw`|(?:ấp|khóm|khu phố|tổ)\s{1,3}\p{N}{1,4}`,
      'giu',
    ),
  },
  {
    kind: 'name',
    pattern: new RegExp(
      String.raw`(?<![\p{L}])(?:(?:${SURNAMES.join('|')})(?:\s{1,3}${WORD}){1,3}|(?<=${HONORIFIC}\s{1,3})${WORD}(?:\s{1,3}${WORD}){0,3})(?![\p{L}])`,
      'gu',
    ),
  },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces every whole-word occurrence of a known value (the caller's name, their address). */
function removeKnown(text: string, value: string | undefined, kind: RemovedKind, removed: Removed[]): string {
  const known = value?.normalize('NFC').trim();
  if (!known || known.length < 2) return text;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(known)}(?![\\p{L}\\p{N}])`, 'giu');
  return text.replace(pattern, (match) => {
    removed.push({ kind, text: match });
    return REDACTION_MARKS_VI[kind];
  });
}

export function redactPersonalData(
  input: string,
  known: { names?: Array<string | undefined>; addresses?: Array<string | undefined> } = {},
): Redacted {
  const removed: Removed[] = [];
  let text = input.normalize('NFC');
  for (const name of known.names ?? []) text = removeKnown(text, name, 'name', removed);
  for (const address of known.addresses ?? []) text = removeKnown(text, address, 'address', removed);
  for (const { kind, pattern } of PATTERNS) {
    text = text.replace(pattern, (match) => {
      removed.push({ kind, text: match.trim() });
      return REDACTION_MARKS_VI[kind];
    });
  }
  return { text, removed };
}
