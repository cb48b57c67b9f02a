import { addDays, type LocalDate } from '../time/local-date.js';
import { localDateOf } from '../time/vietnam-time-zone.js';

/**
 * Decree 20/2008/NĐ-CP (as amended by Decree 92/2017/NĐ-CP): feedback outside an agency's remit is
 * forwarded to the competent agency within 5 working days of receipt.
 */
export const FORWARD_WITHIN_WORKING_DAYS = 5;

/**
 * Working days from receipt to forwarding on a Vietnamese working calendar: the days after the receipt
 * day, up to and including the forwarding day, that have office hours (the receipt day never counts,
 * like a deadline of N working days). Pure.
 */
export function workingDaysAfterReceipt(
  calendar: { isWorkingDay(date: LocalDate): boolean },
  receivedAt: Date,
  forwardedAt: Date,
): number {
  const last = localDateOf(forwardedAt);
  let count = 0;
  for (let day = addDays(localDateOf(receivedAt), 1); day <= last; day = addDays(day, 1)) {
    if (calendar.isWorkingDay(day)) count++;
  }
  return count;
}

/** How many working days after receipt a ticket was forwarded, and whether that is past the limit. */
export function forwardingDelay(
  calendar: { isWorkingDay(date: LocalDate): boolean },
  receivedAt: Date,
  forwardedAt: Date,
): { workingDays: number; late: boolean } {
  const workingDays = workingDaysAfterReceipt(calendar, receivedAt, forwardedAt);
  return { workingDays, late: workingDays > FORWARD_WITHIN_WORKING_DAYS };
}
