import { vietnamDateTimeOf } from '../time/vietnam-time-zone.js';

/** `1022-YYYY-NNNNNN`: the hotline number, the year of receipt on the Vietnamese calendar, a yearly sequence. */
export const TICKET_CODE_PATTERN = /^1022-\d{4}-\d{6,}$/;

export function isTicketCode(value: string): boolean {
  return TICKET_CODE_PATTERN.test(value);
}

/** The year a ticket's number belongs to: a call at 23:30 UTC on 31 December is already next year in Vietnam. */
export function ticketCodeYear(receivedAt: Date): number {
  return vietnamDateTimeOf(receivedAt).year;
}

export function formatTicketCode(year: number, sequence: number): string {
  return `1022-${year}-${String(sequence).padStart(6, '0')}`;
}

/** Name of the counter that numbers one year's tickets. */
export function ticketSequenceName(year: number): string {
  return `ticket-${year}`;
}
