import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { ReceivedFile } from '../answering/attachment-check.js';

/** A reply as the inbound worker needs it; parsed from the raw message, nothing trusted yet. */
export interface InboundMessage {
  /** Without angle brackets; undefined when the message has none. */
  messageId?: string;
  /** Bare address and display name of `From`; who to write back to is `replyTo`. */
  from: string;
  fromName: string;
  replyTo: string;
  /** Every address the message was written or delivered to (To, Cc, Delivered-To, X-Original-To, Envelope-To). */
  recipients: string[];
  subject: string;
  date?: Date;
  /** The whole plain text, quoted history included (what the Office Chief sees as the original). */
  text: string;
  /** Files the sender attached; images embedded in the body (a logo in a signature) are not. */
  files: ReceivedFile[];
  /** Lower-case header names with their raw values, for telling machines from people. */
  headers: Map<string, string>;
  contentType: string;
}

function addressList(
  header: AddressObject | AddressObject[] | undefined,
): Array<{ address: string; name: string }> {
  const objects = header === undefined ? [] : Array.isArray(header) ? header : [header];
  const flatten = (entries: AddressObject['value']): Array<{ address: string; name: string }> =>
    entries.flatMap((entry) =>
      entry.group
        ? flatten(entry.group)
        : [{ address: (entry.address ?? '').toLowerCase(), name: entry.name ?? '' }],
    );
  return objects.flatMap((object) => flatten(object.value)).filter((entry) => entry.address !== '');
}

// Delivery headers name the address a message was delivered to even when the sender put the reply
// address in Bcc, or the mail server rewrote To.
const DELIVERY_HEADERS = ['delivered-to', 'x-original-to', 'envelope-to', 'x-envelope-to'];

function rawHeaders(parsed: ParsedMail): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of parsed.headerLines) {
    const value = line.line.slice(line.line.indexOf(':') + 1).trim();
    const previous = headers.get(line.key);
    headers.set(line.key, previous === undefined ? value : `${previous}, ${value}`);
  }
  return headers;
}

function isEmbedded(attachment: ParsedMail['attachments'][number]): boolean {
  return (
    attachment.related ||
    (attachment.contentDisposition === 'inline' && Boolean(attachment.cid) && !attachment.filename)
  );
}

export async function parseInboundMessage(source: Buffer): Promise<InboundMessage> {
  const parsed = await simpleParser(source, { skipTextToHtml: true, skipImageLinks: true });
  const headers = rawHeaders(parsed);
  const from = addressList(parsed.from)[0];
  const replyTo = addressList(parsed.replyTo)[0];
  const delivered = DELIVERY_HEADERS.flatMap((name) =>
    (headers.get(name) ?? '')
      .split(',')
      .map((value) =>
        value
          .trim()
          .replace(/^<(.*)>$/, '$1')
          .toLowerCase(),
      )
      .filter(Boolean),
  );
  const recipients = [...addressList(parsed.to), ...addressList(parsed.cc)].map((entry) => entry.address);
  return {
    ...(parsed.messageId ? { messageId: parsed.messageId.trim().replace(/^<(.*)>$/s, '$1') } : {}),
    from: from?.address ?? '',
    fromName: from?.name ?? '',
    replyTo: replyTo?.address ?? from?.address ?? '',
    recipients: [...new Set([...recipients, ...delivered])],
    subject: parsed.subject ?? '',
    ...(parsed.date ? { date: parsed.date } : {}),
    text: parsed.text ?? '',
    files: parsed.attachments
      .filter((attachment) => !isEmbedded(attachment))
      .map((attachment) => ({ originalName: attachment.filename ?? '', buffer: attachment.content })),
    headers,
    contentType: headers.get('content-type') ?? '',
  };
}
