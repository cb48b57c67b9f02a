import { cleanMultilineText } from '../text/clean-text.js';

/**
 * The new text of a reply, without the message it quotes and without the signature: what the
 * unit wrote above "On … wrote:" (Gmail, Apple Mail, Thunderbird, in English or Vietnamese), above
 * Outlook's "From: … Sent: …" block, above "-----Original Message-----", and above the "-- "
 * signature delimiter or a phone's "Sent from my …". Lines quoted with ">" go too. Pure.
 */
const QUOTE_HEADER = [
  /^on\b.+\bwrote:\s*$/i,
  /^vào\s.+\sđã viết:\s*$/iu,
  /^-{2,}\s*(original message|forwarded message|thư gốc|tin nhắn gốc|thư chuyển tiếp)\s*-{2,}\s*$/iu,
];
// Outlook's header block: a sender line soon followed by a date line.
const OUTLOOK_FROM = /^\*?(from|từ|người gửi)\s*:\*?\s*\S/iu;
const OUTLOOK_DATE = /^\*?(sent|date|đã gửi|ngày gửi|gửi lúc|ngày|thời gian)\s*:\*?\s*\S/iu;
const SIGNATURE = [
  /^--\s*$/,
  /^_{10,}\s*$/,
  /^sent from my\b/i,
  /^sent from (outlook|mail) for\b/i,
  /^get outlook for\b/i,
  /^gửi từ .*(iphone|ipad|android|điện thoại|samsung|outlook)/iu,
  /^được gửi từ\b/iu,
];

function cutIndex(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    const withNext = `${line} ${(lines[i + 1] ?? '').trim()}`;
    if (QUOTE_HEADER.some((pattern) => pattern.test(line))) return i;
    // A long "On … wrote:" is often wrapped onto two lines by the sender's client.
    if (/^(on|vào)\s/iu.test(line) && QUOTE_HEADER.some((pattern) => pattern.test(withNext))) return i;
    if (OUTLOOK_FROM.test(line) && lines.slice(i + 1, i + 5).some((next) => OUTLOOK_DATE.test(next.trim())))
      return i;
    if (SIGNATURE.some((pattern) => pattern.test(line))) return i;
  }
  return lines.length;
}

export function stripQuotedReply(text: string): string {
  const lines = cleanMultilineText(text).split('\n');
  const kept = lines.slice(0, cutIndex(lines)).filter((line) => !/^\s*>/.test(line));
  return cleanMultilineText(kept.join('\n'));
}
