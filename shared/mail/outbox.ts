import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { OutboxMail } from '../tickets/ticket-types.js';

/**
 * A message owed by the system, recorded on the ticket in the same atomic update as the state change
 * that caused it, so that a crash or a wiped Redis can never lose it. The Message-ID is deterministic
 * per ticket and purpose, so a resend is recognisable as the same message.
 */
export function outboxMail(input: {
  ticketId: string;
  key: string;
  kind: string;
  to: string[];
  cc?: string[];
  now: Date;
  notBefore?: Date;
  mailDomain: string;
  data?: Record<string, unknown>;
}): OutboxMail {
  return {
    key: input.key,
    kind: input.kind,
    to: [...new Set(input.to)],
    cc: [...new Set(input.cc ?? [])].filter((address) => !input.to.includes(address)),
    messageId: `${input.ticketId}.${input.key}@${input.mailDomain}`,
    notBefore: input.notBefore ?? input.now,
    createdAt: input.now,
    attempts: 0,
    ...(input.data ? { data: input.data } : {}),
  };
}

/** Host part for Message-IDs, taken from the public URL (e.g. `hotline.example.gov.vn`). */
export function mailDomainOf(publicBaseUrl: string): string {
  return new URL(publicBaseUrl).hostname || 'hotline1022.local';
}

/**
 * Quiet hours: when a message decided at `now` may go out. People are e-mailed (or texted) at the
 * next opening of `calendar`'s office hours, unless the ticket is urgent or the Department asked for
 * messages outside office hours (NOTIFY_OUTSIDE_OFFICE_HOURS).
 */
export function quietHoursNotBefore(
  calendar: Pick<WorkingCalendar, 'isWithinOfficeHours' | 'nextOfficeOpening'>,
  now: Date,
  options: { urgent: boolean; notifyOutsideOfficeHours: boolean },
): Date {
  return options.urgent || options.notifyOutsideOfficeHours || calendar.isWithinOfficeHours(now)
    ? now
    : calendar.nextOfficeOpening(now);
}
