/**
 * What anonymising a ticket changes, as plain values (pure: no I/O). The retention job and an early
 * anonymisation on a citizen's request apply the same change through the ticket repository's
 * `anonymiseTicket`. What stays: the code, dates, category, unit, deadlines, escalation levels,
 * outcome and commune — everything statistics and reports count — so an anonymised ticket still
 * counts everywhere.
 */

/** Shown where a name, e-mail address or phone number was. */
export const MASKED_NAME = '[đã ẩn tên]';
export const MASKED_EMAIL = '[đã ẩn thư điện tử]';

// Vietnamese and international phone numbers in their usual spellings (0912 345 678, +84912345678,
// 84-912-345-678, 0277.3851.234); bounded repetition, so the scan is linear in the text.
const PHONE_IN_TEXT = /(?<![\p{L}\p{N}/])(?:\+?84|0)(?:[\s.-]?\d){8,10}(?![\p{L}\p{N}/])/gu;
const EMAIL_IN_TEXT = /[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}.-]{1,253}\.\p{L}{2,24}/gu;

/** Each digit of a phone number becomes `x`, so the text keeps its shape but not the number. */
function maskPhone(match: string): string {
  return match.replace(/\d/g, 'x');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The citizen fields that may also appear in free text. */
export interface KnownIdentity {
  name?: string | null;
  email?: string | null;
}

/**
 * Free text with phone numbers masked, e-mail addresses and the complainant's own name removed.
 * Other names cannot be recognised in free text; they are not written there by the service.
 */
export function maskIdentityInText(text: string, known: KnownIdentity = {}): string {
  let out = text.normalize('NFC').replace(EMAIL_IN_TEXT, MASKED_EMAIL).replace(PHONE_IN_TEXT, maskPhone);
  const name = known.name?.normalize('NFC').trim();
  // A name of one short word ("An") would also hit ordinary words; only full names are searched.
  if (name && name.length >= 5 && /\s/.test(name)) {
    out = out.replace(new RegExp(escapeRegExp(name), 'giu'), MASKED_NAME);
  }
  return out;
}

/** The fields of a stored ticket anonymisation reads. */
export interface AnonymisableTicket {
  citizen?: { name?: string | null; email?: string | null; anonymous?: boolean } | null;
  subject?: string | null;
  content?: string | null;
  intakeAnswer?: { text?: string | null } | null;
  answer?: {
    text?: string | null;
    email?: { subject?: string | null; original?: string | null } | null;
  } | null;
  closure?: { note?: string | null } | null;
  extensionRequest?: { reason?: string | null } | null;
  transferRequest?: { reason?: string | null } | null;
  events?: ReadonlyArray<{ data?: unknown }> | null;
  outbox?: ReadonlyArray<{ data?: unknown }> | null;
  /** Co-handling: the supporting units' inputs and the Office Chief's note to them. */
  supports?: ReadonlyArray<{ note?: string | null; input?: { text?: string | null } | null }> | null;
}

/** Identity fields cleared outright (`null`): the complainant and the exact place, which may be their home. */
const CLEARED_PATHS = [
  'citizen.name',
  'citizen.phone',
  'citizen.email',
  'citizen.address',
  'location.address',
  'location.lat',
  'location.lng',
  // sha256 of the intake body, phone included: a phone number is few enough guesses to recover it.
  'requestHash',
] as const;

function maskedStrings(
  value: unknown,
  path: string,
  known: KnownIdentity,
  out: Record<string, unknown>,
  depth = 0,
): void {
  if (typeof value === 'string') {
    const masked = maskIdentityInText(value, known);
    if (masked !== value) out[path] = masked;
    return;
  }
  if (value === null || typeof value !== 'object' || value instanceof Date || depth > 6) return;
  for (const [key, item] of Object.entries(value)) {
    // `$`-prefixed or dotted keys cannot be addressed as an update path; none are stored.
    if (key.startsWith('$') || key.includes('.')) continue;
    maskedStrings(item, `${path}.${key}`, known, out, depth + 1);
  }
}

/**
 * The `$set` of an anonymisation, path by path: identity fields to `null`, and every free-text field
 * (texts, reasons, notes, the answer e-mail as it arrived, event and outbox data) with phone numbers,
 * e-mail addresses and the complainant's name masked. Applying it to an anonymised ticket yields
 * nothing new, so running it twice changes nothing more.
 */
export function anonymisedFields(ticket: AnonymisableTicket): Record<string, unknown> {
  const known: KnownIdentity = { name: ticket.citizen?.name, email: ticket.citizen?.email };
  const set: Record<string, unknown> = {};
  for (const path of CLEARED_PATHS) set[path] = null;
  const texts: Array<[string, string | null | undefined]> = [
    ['subject', ticket.subject],
    ['content', ticket.content],
    ['intakeAnswer.text', ticket.intakeAnswer?.text],
    ['answer.text', ticket.answer?.text],
    ['answer.email.subject', ticket.answer?.email?.subject],
    ['answer.email.original', ticket.answer?.email?.original],
    ['closure.note', ticket.closure?.note],
    ['extensionRequest.reason', ticket.extensionRequest?.reason],
    ['transferRequest.reason', ticket.transferRequest?.reason],
  ];
  for (const [path, text] of texts) if (typeof text === 'string') maskedStrings(text, path, known, set);
  (ticket.events ?? []).forEach((event, i) => maskedStrings(event.data, `events.${i}.data`, known, set));
  (ticket.outbox ?? []).forEach((mail, i) => maskedStrings(mail.data, `outbox.${i}.data`, known, set));
  (ticket.supports ?? []).forEach((support, i) => {
    maskedStrings(support.note, `supports.${i}.note`, known, set);
    maskedStrings(support.input?.text, `supports.${i}.input.text`, known, set);
  });
  return set;
}
