import { isoWeekdayOf, localDateParts, type IsoWeekday, type LocalDate } from './local-date.js';
import { vietnamDateTimeOf } from './vietnam-time-zone.js';

const WEEKDAY_NAMES_VI: Readonly<Record<IsoWeekday, string>> = {
  1: 'thứ Hai',
  2: 'thứ Ba',
  3: 'thứ Tư',
  4: 'thứ Năm',
  5: 'thứ Sáu',
  6: 'thứ Bảy',
  7: 'Chủ nhật',
};

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** The Vietnamese name of an ISO weekday: `thứ Hai` … `thứ Bảy`, `Chủ nhật`. */
export function weekdayNameVi(weekday: IsoWeekday): string {
  return WEEKDAY_NAMES_VI[weekday].normalize('NFC');
}

/** A calendar date as `thứ Sáu, 27/02/2026`. */
export function formatLocalDateVi(date: LocalDate): string {
  const { year, month, day } = localDateParts(date);
  return `${weekdayNameVi(isoWeekdayOf(date))}, ${twoDigits(day)}/${twoDigits(month)}/${year}`.normalize(
    'NFC',
  );
}

/** A deadline on the Vietnamese clock, as `17:00 thứ Sáu, 27/02/2026` (24-hour time). */
export function formatDeadlineVi(instant: Date): string {
  const local = vietnamDateTimeOf(instant);
  const weekday = weekdayNameVi(local.weekday as IsoWeekday);
  const date = `${twoDigits(local.day)}/${twoDigits(local.month)}/${local.year}`;
  return `${twoDigits(local.hour)}:${twoDigits(local.minute)} ${weekday}, ${date}`.normalize('NFC');
}

/** An instant on the Vietnamese clock without the weekday, as `17:00, 27/02/2026` (24-hour time). */
export function formatDateTimeVi(instant: Date): string {
  const local = vietnamDateTimeOf(instant);
  return `${twoDigits(local.hour)}:${twoDigits(local.minute)}, ${twoDigits(local.day)}/${twoDigits(local.month)}/${local.year}`.normalize(
    'NFC',
  );
}

/** What `describeTimeLeftVi` needs from a working calendar. */
export interface WorkingTimeMeasure {
  /** Office time between two instants in ms; negative when `to` is before `from`. */
  workingTimeBetween(from: Date, to: Date): number;
  /** Office time of one normal working day in ms. */
  readonly workingDayMs: number;
}

function amountVi(ms: number, dayMs: number, sameAsClockTime: boolean): string | undefined {
  const working = sameAsClockTime ? '' : ' làm việc';
  if (ms >= dayMs) return `${Math.floor(ms / dayMs)} ngày làm việc`;
  if (ms >= HOUR_MS) return `${Math.floor(ms / HOUR_MS)} giờ${working}`;
  if (ms >= MINUTE_MS) return `${Math.floor(ms / MINUTE_MS)} phút${working}`;
  return undefined;
}

/**
 * Time left before (`còn …`) or past (`quá hạn …`) a deadline, measured in office time and rounded down to the
 * largest unit: working days (one = `workingDayMs`, 8 h by default), then hours, then minutes. Hours and minutes
 * say `làm việc` unless the office time equals the clock time (the whole stretch is inside office hours), so
 * `còn 3 giờ` always means three hours by the clock. Under a minute: `sắp đến hạn`, `đến hạn` or `đã quá hạn`.
 */
export function describeTimeLeftVi(now: Date, deadline: Date, calendar: WorkingTimeMeasure): string {
  const clockMs = deadline.getTime() - now.getTime();
  if (clockMs === 0) return 'đến hạn'.normalize('NFC');
  const early = clockMs > 0;
  const workingMs = Math.abs(calendar.workingTimeBetween(now, deadline));
  const amount = amountVi(workingMs, calendar.workingDayMs, workingMs === Math.abs(clockMs));
  if (amount === undefined) return (early ? 'sắp đến hạn' : 'đã quá hạn').normalize('NFC');
  return `${early ? 'còn' : 'quá hạn'} ${amount}`.normalize('NFC');
}
