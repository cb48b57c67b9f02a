import { findPhoneNumbersInText } from 'libphonenumber-js';
import type { Actor } from '../tickets/ticket-types.js';
import {
  anonymiseTicket as applyAnonymisation,
  type AnonymisationChange,
} from '../tickets/repository/citizen-data.js';
import type { StoredTicket } from '../tickets/repository/ticket-repository.js';

/** What a reader sees instead of the citizen's name once a ticket is anonymised. */
export const ANONYMISED_NAME_VI = 'Đã ẩn danh';
/** What replaces a phone number found in the ticket's free text. */
export const HIDDEN_PHONE_VI = '[số điện thoại đã ẩn]';

/** Why a ticket is anonymised: the citizen asked (issue 16 item 4), or the retention limit passed (item 3). */
export type AnonymisationReason = 'citizen_request' | 'retention';

/** `text` with every phone number libphonenumber finds in it (Vietnamese numbering by default) replaced. */
export function maskPhoneNumbers(text: string): string {
  const found = findPhoneNumbersInText(text, 'VN');
  if (found.length === 0) return text;
  let out = '';
  let from = 0;
  for (const match of found) {
    out += text.slice(from, match.startsAt) + HIDDEN_PHONE_VI;
    from = match.endsAt;
  }
  return out + text.slice(from);
}

/**
 * The change that anonymises one ticket (pure): the citizen's name replaced by "Đã ẩn danh", phone,
 * e-mail and address removed, phone numbers in the subject and content masked, the moment recorded
 * in `citizen.anonymisedAt`, and one ticket event saying who did it and why. Status, category,
 * units, dates and the answer stay, so the ticket still counts in every statistic and report.
 */
export function planAnonymisation(
  ticket: Pick<StoredTicket, 'subject' | 'content'>,
  options: { at: Date; actor: Actor; reason: AnonymisationReason },
): AnonymisationChange {
  return {
    set: {
      'citizen.name': ANONYMISED_NAME_VI,
      'citizen.anonymisedAt': options.at,
      subject: maskPhoneNumbers(ticket.subject),
      content: maskPhoneNumbers(ticket.content),
    },
    unset: ['citizen.phone', 'citizen.email', 'citizen.address'],
    event: {
      at: options.at,
      type: 'citizen_anonymised',
      actor: options.actor,
      data: { reason: options.reason },
    },
  };
}

/**
 * THE way to anonymise a ticket, for every caller (an admin's citizen-data request, the retention
 * job): reads the ticket, plans the change and applies it through the ticket repository in one
 * update guarded by "not anonymised yet". Running it twice changes nothing more (`already`).
 */
export async function anonymiseTicketIdentity(
  ticket: Pick<StoredTicket, '_id' | 'subject' | 'content'>,
  options: { at: Date; actor: Actor; reason: AnonymisationReason },
): Promise<'anonymised' | 'already' | 'not_found'> {
  const result = await applyAnonymisation(ticket._id.toString(), planAnonymisation(ticket, options));
  return result.outcome;
}
