/**
 * What the service tells the citizen, and how it fits one SMS (pure: no I/O). The rule, written down
 * in docs/citizen.md: the Vietnamese text is written once, with its diacritics; e-mail sends it as
 * is; SMS sends it folded to plain Latin letters (`Tổng đài` → `Tong dai`), which is GSM-7 and so
 * fits one message of 160 characters. With the diacritics an SMS is UCS-2 and holds 70 characters,
 * too few for a ticket code and a link; Vietnamese brand-name SMS are sent without them for the same
 * reason. The texts carry the code, the status and where to look it up: never a name, a unit's
 * words or anything else from the ticket, so a confidential complainant's notice says no more.
 */

/** The three moments the citizen is told of (Decision 31/2021/QĐ-TTg): receipt, more information needed, answer ready. */
export const NOTICE_KINDS = ['notice_received', 'notice_info_needed', 'notice_answer_ready'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export function isNoticeKind(kind: string): kind is NoticeKind {
  return (NOTICE_KINDS as readonly string[]).includes(kind);
}

/** One GSM-7 message holds 160 septets (3GPP TS 23.038); a longer one is split and costs more. */
export const SMS_MAX_SEPTETS = 160;

export interface NoticeValues {
  /** The ticket code, `1022-YYYY-NNNNNN`. */
  code: string;
  /** The look-up page, `<PUBLIC_BASE_URL>/tra-cuu`. */
  lookupUrl: string;
}

const TEXTS: Readonly<Record<NoticeKind, (values: NoticeValues) => string>> = {
  notice_received: ({ code, lookupUrl }) =>
    `Tổng đài 1022 đã nhận phản ánh mã ${code}. Tra cứu: ${lookupUrl} (nhập mã và 4 số cuối SĐT).`,
  notice_info_needed: ({ code }) =>
    `Tổng đài 1022: phản ánh mã ${code} cần Ông/Bà bổ sung thông tin. Tổng đài viên sẽ gọi lại; Ông/Bà cũng có thể gọi 1022.`,
  notice_answer_ready: ({ code, lookupUrl }) =>
    `Tổng đài 1022: phản ánh ${code} đã có trả lời; tổng đài viên sẽ gọi lại Ông/Bà. Xem ${lookupUrl}`,
};

/** The notice in Vietnamese with its diacritics (NFC): the e-mail's text. */
export function noticeTextVi(kind: NoticeKind, values: NoticeValues): string {
  return TEXTS[kind](values).normalize('NFC');
}

/** Vietnamese folded to plain Latin letters: the marks dropped, đ/Đ to d/D. */
export function foldVietnamese(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

// GSM 03.38 default alphabet (one septet each) and its extension table (two septets each: ESC + char).
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('^{}\\[~]|€\f');

/** Septets the text takes in GSM-7, or null when a character is not in the alphabet (it would go as UCS-2). */
export function gsm7Septets(text: string): number | null {
  let septets = 0;
  for (const char of text) {
    if (GSM7_BASIC.has(char)) septets += 1;
    else if (GSM7_EXTENSION.has(char)) septets += 2;
    else return null;
  }
  return septets;
}

/** The notice as one SMS: folded, anything still outside GSM-7 replaced by `?` so the message never turns UCS-2. */
export function noticeSmsText(kind: NoticeKind, values: NoticeValues): string {
  return [...foldVietnamese(noticeTextVi(kind, values))]
    .map((char) => (gsm7Septets(char) === null ? '?' : char))
    .join('');
}

/** The septets of the longest notice SMS for this look-up address, with the longest code a year can reach. */
export function longestNoticeSeptets(lookupUrl: string): number {
  const values = { code: '1022-2026-9999999', lookupUrl };
  return Math.max(...NOTICE_KINDS.map((kind) => gsm7Septets(noticeSmsText(kind, values)) ?? Infinity));
}
