import { localDateParts, type LocalDate } from '../../shared/time/local-date.js';

/** A share as Vietnamese write it: `83,3%`; a dash when there is nothing to measure. */
export function formatRateVi(rate: number | null): string {
  if (rate === null) return '—';
  return `${(Math.round(rate * 1000) / 10).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`;
}

/** Rate as a percentage number for charts (one decimal), or null. */
export function ratePercent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

/** Hours with a decimal comma: `12,5 giờ`. */
export function formatHoursVi(hours: number | null): string {
  if (hours === null) return '—';
  return `${hours.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} giờ`;
}

/** `05/03` for chart labels and short tables. */
export function shortDateVi(date: LocalDate): string {
  const { month, day } = localDateParts(date);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}`;
}

/** `05/03/2026`. */
export function dateVi(date: LocalDate): string {
  const { year } = localDateParts(date);
  return `${shortDateVi(date)}/${year}`;
}
