import type { AddressObject, EmailAddress, HeaderValue, ParsedMail } from 'mailparser';
import type { NewMail } from './message-store.js';

/** Where and when the SMTP transaction delivered the message. */
export interface Delivery {
  mailFrom: string;
  rcptTo: string[];
  receivedAt: Date;
}

/** Turns mailparser's output into the flat shape tests and the web view use. */
export function toCaughtMail(parsed: ParsedMail, delivery: Delivery): NewMail {
  return {
    messageId: stripAngles(parsed.messageId ?? ''),
    from: addresses(parsed.from)[0] ?? '',
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    headers: flattenHeaders(parsed),
    envelope: { mailFrom: delivery.mailFrom, rcptTo: delivery.rcptTo },
    receivedAt: delivery.receivedAt,
  };
}

/** What gets kept when even mailparser gives up, so the message still shows up somewhere. */
export function unparsableMail(raw: Buffer, delivery: Delivery, reason: unknown): NewMail {
  return {
    messageId: '',
    from: delivery.mailFrom,
    to: [],
    cc: [],
    subject: '',
    text: raw.toString('utf8'),
    html: '',
    headers: { 'x-mail-catcher-parse-error': reason instanceof Error ? reason.message : String(reason) },
    envelope: { mailFrom: delivery.mailFrom, rcptTo: delivery.rcptTo },
    receivedAt: delivery.receivedAt,
  };
}

function stripAngles(id: string): string {
  return id.trim().replace(/^<(.*)>$/s, '$1');
}

function addresses(header: AddressObject | AddressObject[] | undefined): string[] {
  const objects = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return objects.flatMap((o) => flattenGroups(o.value));
}

function flattenGroups(list: EmailAddress[]): string[] {
  return list.flatMap((a) => (a.group ? flattenGroups(a.group) : a.address ? [a.address] : []));
}

/**
 * Header names come from the raw lines because mailparser merges some headers under other keys
 * (`X-Priority` → `priority`, `List-*` → `list`). The decoded value is preferred where it is a plain
 * string or an address list; anything structured (dates, content types) is shown as it was sent.
 */
function flattenHeaders(parsed: ParsedMail): Record<string, string> {
  // A Map, then fromEntries: a header named `__proto__` must stay a plain key.
  const headers = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) {
    if (!headers.has(key)) headers.set(key, decodedValue(parsed.headers.get(key)) ?? rawValue(line));
  }
  return Object.fromEntries(headers);
}

function decodedValue(value: HeaderValue | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first;
  if (isAddressObject(first)) return first.text;
  return undefined;
}

function isAddressObject(value: unknown): value is AddressObject {
  return (
    typeof value === 'object' && value !== null && 'value' in value && 'text' in value && 'html' in value
  );
}

function rawValue(line: string): string {
  const colon = line.indexOf(':');
  return line
    .slice(colon + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}
