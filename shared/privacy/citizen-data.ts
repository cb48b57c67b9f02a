import { createHash } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { cleanSingleLineText } from '../text/clean-text.js';
import { rawText } from '../text/raw-text.js';
import type { Actor } from '../tickets/ticket-types.js';
import {
  CITIZEN_FIELDS,
  correctCitizenField,
  findTicketsByCitizen,
  type CitizenField,
} from '../tickets/repository/citizen-data.js';
import { findTicketByIdOrCode, type StoredTicket } from '../tickets/repository/ticket-repository.js';
import { anonymiseTicket } from '../tickets/repository/ticket-privacy.js';

/**
 * Requests from a citizen about their own data (issue 16 item 4; Law 91/2025/QH15 on personal data
 * protection gives the data subject access, correction and erasure): find every ticket of one phone
 * number or e-mail, export them, correct a field, anonymise them early. The HTTP doors record each
 * action in the staff-event store.
 */

/** One person, as the admin typed it: a phone (normalised to E.164 exactly as intake does) or an e-mail. */
export type CitizenKey = { phone: string } | { email: string };

const MESSAGE_NEED_ONE = 'Nhập số điện thoại hoặc địa chỉ thư điện tử (một trong hai).';

export const CitizenKeySchema = z
  .object({
    phone: rawText(32).overwrite(cleanSingleLineText).optional(),
    email: rawText(254)
      .overwrite(cleanSingleLineText)
      .transform((value) => value.toLowerCase())
      .optional(),
  })
  .transform((input, ctx): CitizenKey => {
    const phone = input.phone || undefined;
    const email = input.email || undefined;
    if ((phone === undefined) === (email === undefined)) {
      ctx.issues.push({ code: 'custom', input, path: ['phone'], message: MESSAGE_NEED_ONE });
      return z.NEVER;
    }
    if (phone !== undefined) {
      const parsed = parsePhoneNumberFromString(phone, 'VN');
      if (!parsed?.isValid()) {
        ctx.issues.push({
          code: 'custom',
          input: phone,
          path: ['phone'],
          message: 'Số điện thoại không hợp lệ (ví dụ: 0912 345 678 hoặc +84 912 345 678).',
        });
        return z.NEVER;
      }
      return { phone: parsed.number };
    }
    if (!z.email().safeParse(email).success) {
      ctx.issues.push({
        code: 'custom',
        input: email,
        path: ['email'],
        message: 'Địa chỉ thư điện tử không hợp lệ.',
      });
      return z.NEVER;
    }
    return { email: email! };
  });

/** How the key is written in the access log: the normalised value (the admin acted on this person). */
export function describeKey(key: CitizenKey): string {
  return 'phone' in key ? key.phone : key.email;
}

export function findCitizenTickets(key: CitizenKey): Promise<StoredTicket[]> {
  return findTicketsByCitizen(key);
}

/** sha256 of a value, hex: what the log keeps of a corrected field's old value (never the value). */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export const CorrectionSchema = z.object({
  ticket: z.string().regex(/^1022-\d{4}-\d{6}$/, 'Mã phiếu không hợp lệ.'),
  field: z.enum(CITIZEN_FIELDS, { error: 'Trường không sửa được (name, phone, email, address).' }),
  value: rawText(500).overwrite(cleanSingleLineText).pipe(z.string().min(1, 'Nhập giá trị mới.').max(500)),
});
export type Correction = z.output<typeof CorrectionSchema>;

/** The corrected value as stored: phones to E.164 and e-mails to lower case, as intake stores them. */
function normaliseFieldValue(field: CitizenField, value: string): string {
  if (field === 'phone') {
    const parsed = parsePhoneNumberFromString(value, 'VN');
    if (!parsed?.isValid()) {
      throw new AppError(400, 'VALIDATION_FAILED', {
        details: [{ path: 'value', message: 'Số điện thoại không hợp lệ.' }],
      });
    }
    return parsed.number;
  }
  if (field === 'email') {
    const lower = value.toLowerCase();
    if (!z.email().safeParse(lower).success) {
      throw new AppError(400, 'VALIDATION_FAILED', {
        details: [{ path: 'value', message: 'Địa chỉ thư điện tử không hợp lệ.' }],
      });
    }
    return lower;
  }
  return value;
}

/**
 * Corrects one identity field of one ticket of this person. Returns the sha256 of the old value (what
 * the access log keeps). 404 when the ticket is not this person's; 409 when it is anonymised or the
 * field changed meanwhile.
 */
export async function correctCitizenTicket(
  key: CitizenKey,
  correction: Correction,
  options: { at: Date; actor: Actor },
): Promise<{ ticket: StoredTicket; oldValueSha256: string | null }> {
  const ticket = await findTicketByIdOrCode(correction.ticket);
  const owner = ticket?.citizen;
  const belongs = 'phone' in key ? owner?.phone === key.phone : owner?.email === key.email;
  if (!ticket || !belongs) throw new AppError(404, 'TICKET_NOT_FOUND');
  const old = (owner?.[correction.field] as string | null | undefined) ?? undefined;
  const value = normaliseFieldValue(correction.field, correction.value);
  const updated = await correctCitizenField(ticket._id.toString(), correction.field, old, value, {
    at: options.at,
    type: 'citizen_corrected',
    actor: options.actor,
    data: { field: correction.field },
  });
  if (!updated) throw new AppError(409, 'CONFLICT');
  return { ticket: updated, oldValueSha256: old === undefined ? null : sha256Hex(old) };
}

/** Anonymises every ticket of this person (the citizen asked); returns the codes by outcome. */
export async function anonymiseCitizenTickets(
  key: CitizenKey,
  options: { at: Date; actor: Actor },
): Promise<{ anonymised: StoredTicket[]; already: string[] }> {
  const tickets = await findTicketsByCitizen(key);
  const anonymised: StoredTicket[] = [];
  const already: string[] = [];
  for (const ticket of tickets) {
    const ticketId = ticket._id.toString();
    const anonymise = () => anonymiseTicket(ticketId, 'citizen_request', () => options.at, options.actor);
    // `lost_race`: the ticket changed since it was read (its newer text must be masked too): once more.
    let outcome = await anonymise();
    if (outcome === 'lost_race') outcome = await anonymise();
    if (outcome === 'anonymised') anonymised.push(ticket);
    else if (outcome === 'lost_race') throw new AppError(409, 'CONFLICT');
    else already.push(ticket.code);
  }
  return { anonymised, already };
}
