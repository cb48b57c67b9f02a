import type { Config } from '../../config/env.js';
import type { OutgoingMail } from '../mail/leased-send.js';
import { renderMail } from '../mail/render-mail.js';
import type { TicketDomain } from '../tickets/ticket-domain.js';
import { noticeAddress, type NoticeTicket } from './citizen-notices.js';
import { noticeSmsText, noticeTextVi, type NoticeKind } from './notice-text-vi.js';

/** An SMS notice as the gateway takes it; `messageId` is also its idempotency reference. */
export interface OutgoingNotice {
  messageId: string;
  /** E.164. */
  to: string;
  text: string;
}

export type ComposedNotice = ({ via: 'email' } & OutgoingMail) | ({ via: 'sms' } & OutgoingNotice);

/**
 * One notice to the citizen, from the ticket as it is now: the code and the look-up link only, never
 * the ticket's text, the unit's words or a name, so a confidential complainant's notice (which goes to
 * that complainant alone) reveals nothing more. The address is read from the ticket here, not stored
 * with the entry (shared/notices/citizen-notices.ts).
 */
export function composeNotice(
  deps: { config: Pick<Config, 'PUBLIC_BASE_URL'>; domain: TicketDomain; sms?: unknown },
  ticket: NoticeTicket & { code: string },
  mail: { kind: NoticeKind; channel?: 'email' | 'sms' | null; messageId: string },
): ComposedNotice {
  const channel = mail.channel ?? 'email';
  const to = noticeAddress(ticket, channel, Boolean(deps.sms));
  // claimEntry withdrew the notice when nobody is left to send to; this would be a race with anonymising.
  if (!to) throw new Error('no address for the citizen notice');
  const values = { code: ticket.code, lookupUrl: `${deps.config.PUBLIC_BASE_URL}/tra-cuu` };
  if (channel === 'sms')
    return { via: 'sms', messageId: mail.messageId, to, text: noticeSmsText(mail.kind, values) };
  return {
    via: 'email',
    ...renderMail('citizen_notice', {
      code: ticket.code,
      text: noticeTextVi(mail.kind, values),
      department: deps.domain.table.department,
    }),
    to,
    messageId: mail.messageId,
    headers: { 'X-Hotline-Ticket': ticket.code },
  };
}
