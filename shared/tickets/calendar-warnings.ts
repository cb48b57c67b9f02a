import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { addDays, yearOf } from '../time/local-date.js';
import { localDateOf } from '../time/vietnam-time-zone.js';

/**
 * How far ahead deadlines reach: the longest extension a unit may ask for is 60 calendar days, so
 * from November on, next year's days off already decide deadlines set today.
 */
const DEADLINE_HORIZON_DAYS = 62;

/**
 * The years whose deadlines are being computed from days off derived from the Labour Code because
 * no official schedule (`config/calendar/<year>.json`) was loaded: this year and, near its end, next.
 */
export function yearsWithoutOfficialCalendar(calendar: WorkingCalendar, now: Date): number[] {
  const today = localDateOf(now);
  return calendar.missingOfficialYears(yearOf(today), yearOf(addDays(today, DEADLINE_HORIZON_DAYS)));
}

/** The warning shown to the Office Chief (Vietnamese) for one such year. */
export function missingCalendarWarningVi(year: number): string {
  return (
    `Chưa có lịch nghỉ lễ, Tết chính thức năm ${year}: hạn xử lý đang được tính theo ngày nghỉ suy ra ` +
    `từ Bộ luật Lao động và có thể lệch khi Chính phủ công bố lịch hoán đổi ngày làm việc. ` +
    `Đề nghị bổ sung tệp config/calendar/${year}.json.`
  );
}
