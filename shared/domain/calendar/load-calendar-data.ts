import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCalendarData } from './parse-calendar-data.js';
import type { YearSchedule } from './year-schedule.js';

/** Where the official schedules live, relative to the working directory: `config/calendar`. */
export const DEFAULT_CALENDAR_DATA_DIRECTORY = 'config/calendar';

/**
 * Reads and validates every `*.json` in a directory (synchronously, at start-up) into official schedules by year.
 * Throws CalendarDataError naming the file on bad data. Default directory `config/calendar`.
 */
export function loadCalendarData(
  directory: string = DEFAULT_CALENDAR_DATA_DIRECTORY,
): Map<number, YearSchedule> {
  const absolute = resolve(directory);
  const fileNames = readdirSync(absolute)
    .filter((name) => name.endsWith('.json'))
    .sort();
  return parseCalendarData(
    fileNames.map((name) => {
      const path = join(absolute, name);
      return { fileName: join(directory, name), text: readFileSync(path, 'utf8') };
    }),
  );
}
