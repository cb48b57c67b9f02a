import type { Config } from '../../config/env.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { mailDomainOf, outboxMail, quietHoursNotBefore } from '../mail/outbox.js';
import type { OutboxMail } from '../tickets/ticket-types.js';
import type { NoticeKind } from './notice-text-vi.js';

/**
 * The notices a ticket owes its citizen, as outbox entries written in the same update as the change
 * they tell of (pure: no I/O). One entry per channel: e-mail when the citizen gave an address, SMS
 * when they gave a phone and a gateway is configured. The address is not copied into the entry: the
 * sender reads it from the ticket when it sends, so an anonymised ticket (its phone and e-mail
 * cleared) has nobody left to send to and the notice is dropped, never sent.
 */

export type NoticeChannel = 'email' | 'sms';

/** The ticket fields that decide whether, and where, the citizen is told. */
export interface NoticeTicket {
  citizen?: {
    phone?: string | null;
    email?: string | null;
    noticesOptOut?: boolean | null;
  } | null;
  priority?: string | null;
  privacy?: { anonymisedAt?: Date | null } | null;
}

/** Where a notice goes now on `channel`, or null when it must not go (opted out, anonymised, no address, no gateway). */
export function noticeAddress(
  ticket: NoticeTicket,
  channel: NoticeChannel,
  smsEnabled: boolean,
): string | null {
  if (ticket.citizen?.noticesOptOut === true || ticket.privacy?.anonymisedAt) return null;
  if (channel === 'email') return ticket.citizen?.email || null;
  return smsEnabled ? ticket.citizen?.phone || null : null;
}

export type NoticeConfig = Pick<
  Config,
  'PUBLIC_BASE_URL' | 'SMS_GATEWAY_URL' | 'NOTIFY_OUTSIDE_OFFICE_HOURS'
>;

/**
 * The outbox entries of one notice: `<keyStem>-email` and/or `<keyStem>-sms`, or none. Quiet hours as
 * for every e-mail: outside office hours a notice waits for the next opening, unless the ticket is
 * urgent or NOTIFY_OUTSIDE_OFFICE_HOURS is set.
 */
export function citizenNotices(input: {
  ticketId: string;
  ticket: NoticeTicket;
  kind: NoticeKind;
  keyStem: string;
  now: Date;
  config: NoticeConfig;
  calendar: Pick<WorkingCalendar, 'isWithinOfficeHours' | 'nextOfficeOpening'>;
}): OutboxMail[] {
  const { ticket, now, config, calendar } = input;
  const channels = (['email', 'sms'] as const).filter(
    (channel) => noticeAddress(ticket, channel, Boolean(config.SMS_GATEWAY_URL)) !== null,
  );
  if (channels.length === 0) return [];
  const notBefore = quietHoursNotBefore(calendar, now, {
    urgent: ticket.priority === 'urgent',
    notifyOutsideOfficeHours: config.NOTIFY_OUTSIDE_OFFICE_HOURS,
  });
  return channels.map((channel) => ({
    ...outboxMail({
      ticketId: input.ticketId,
      key: `${input.keyStem}-${channel}`,
      kind: input.kind,
      to: [],
      now,
      notBefore,
      mailDomain: mailDomainOf(config.PUBLIC_BASE_URL),
    }),
    channel,
  }));
}
