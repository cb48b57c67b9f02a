/**
 * Whether a message was written by a machine (an out-of-office reply, a bounce, a read receipt, a
 * list): such a message is never an answer and is never answered, or two robots would write to
 * each other forever. Pure: takes lower-case header names and their raw values.
 */
export type AutomaticKind = 'auto_reply' | 'bounce' | 'list' | 'own_mail';

const AUTO_SUBJECT =
  /^\s*(auto(matic)?[ -]?(reply|response)|autoreply|out of (the )?office|abwesenheit|trả lời tự động|thư trả lời tự động|vắng mặt)\b/iu;
const BOUNCE_SUBJECT =
  /^\s*(undeliverable|undelivered mail|delivery status notification|mail delivery (failed|subsystem)|returned mail|failure notice|không (thể )?gửi được)/iu;
const BOUNCE_SENDER = /^(mailer-daemon|postmaster)@/i;

export interface MailFacts {
  headers: Map<string, string>;
  from: string;
  subject: string;
  contentType: string;
}

export function automaticKind(mail: MailFacts): AutomaticKind | undefined {
  const header = (name: string) => (mail.headers.get(name) ?? '').trim().toLowerCase();
  // Our own e-mails carry X-Hotline-Ticket: one coming back (a forwarding rule, a loop) is not an answer.
  if (mail.headers.has('x-hotline-ticket')) return 'own_mail';
  if (/^multipart\/report/i.test(mail.contentType) || BOUNCE_SENDER.test(mail.from)) return 'bounce';
  if (BOUNCE_SUBJECT.test(mail.subject)) return 'bounce';
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto_reply';
  if (['x-autoreply', 'x-autorespond'].some((name) => mail.headers.has(name))) return 'auto_reply';
  if (/^(auto_reply|bulk|junk|list)$/.test(header('precedence'))) return 'auto_reply';
  if (mail.headers.has('list-id') || mail.headers.has('list-unsubscribe')) return 'list';
  if (AUTO_SUBJECT.test(mail.subject)) return 'auto_reply';
  return undefined;
}
