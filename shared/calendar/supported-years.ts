/**
 * The years a working calendar is built for. A date outside them in any input is a mistake (or an
 * attack: 2,000 far-future years cost 110 s of CPU and 62 MB, issue 14 finding 7), refused at the
 * door before any calendar look-up; the calendar itself refuses them too.
 */
export const FIRST_SUPPORTED_YEAR = 2000;
export const LAST_SUPPORTED_YEAR = 2100;

export function isSupportedYear(year: number): boolean {
  return Number.isInteger(year) && year >= FIRST_SUPPORTED_YEAR && year <= LAST_SUPPORTED_YEAR;
}

/** For instants: the year in Vietnamese time could differ by one at the edges, which both bounds allow for. */
export function isSupportedInstant(instant: Date): boolean {
  const time = instant.getTime();
  return (
    Number.isFinite(time) &&
    time >= Date.UTC(FIRST_SUPPORTED_YEAR, 0, 1) &&
    time < Date.UTC(LAST_SUPPORTED_YEAR, 11, 31)
  );
}

export const UNSUPPORTED_YEAR_MESSAGE_VI = `Năm phải trong khoảng ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}.`;
