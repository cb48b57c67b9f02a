import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCalendarData } from '../shared/calendar/parse-calendar-data.js';
import type { YearSchedule } from '../shared/calendar/year-schedule.js';

/** The official schedules shipped with the service, `config/calendar/<year>.json`, found beside this file. */
export const CALENDAR_DATA_DIRECTORY = fileURLToPath(new URL('./calendar', import.meta.url));

/**
 * Reads and validates every `*.json` in a directory (synchronously, at start-up) into official schedules by
 * year. Throws CalendarDataError naming the file on bad data. Default: the shipped `config/calendar`.
 */
export function loadCalendarData(directory: string = CALENDAR_DATA_DIRECTORY): Map<number, YearSchedule> {
  const absolute = resolve(directory);
  const fileNames = readdirSync(absolute)
    .filter((name) => name.endsWith('.json'))
    .sort();
  return parseCalendarData(
    fileNames.map((name) => ({
      fileName: join(directory, name),
      text: readFileSync(join(absolute, name), 'utf8'),
    })),
  );
}
