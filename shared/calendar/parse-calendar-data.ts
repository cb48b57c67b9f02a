import { YearScheduleSchema, type YearSchedule } from './year-schedule.js';

/** One calendar data file as read: its name (e.g. `2026.json`) and its text. */
export interface CalendarDataFile {
  readonly fileName: string;
  readonly text: string;
}

/** Bad calendar data; the message starts with the file name. */
export class CalendarDataError extends Error {
  readonly fileName: string;

  constructor(fileName: string, problem: string, options?: { cause?: unknown }) {
    super(`${fileName}: ${problem}`, options);
    this.name = 'CalendarDataError';
    this.fileName = fileName;
  }
}

const YEAR_FILE_NAME = /(?:^|[\\/])(\d{4})\.json$/;

function parseOne(file: CalendarDataFile): YearSchedule {
  const nameMatch = YEAR_FILE_NAME.exec(file.fileName);
  if (!nameMatch) throw new CalendarDataError(file.fileName, 'calendar files must be named <year>.json');
  let json: unknown;
  try {
    json = JSON.parse(file.text);
  } catch (error) {
    throw new CalendarDataError(file.fileName, `not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  const result = YearScheduleSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`,
    );
    throw new CalendarDataError(file.fileName, problems.join('; '), { cause: result.error });
  }
  if (String(result.data.year) !== nameMatch[1]) {
    throw new CalendarDataError(file.fileName, `holds year ${result.data.year}, not ${nameMatch[1]}`);
  }
  return result.data;
}

/** Validates calendar data files into official schedules by year; throws CalendarDataError naming the bad file. */
export function parseCalendarData(files: readonly CalendarDataFile[]): Map<number, YearSchedule> {
  const byYear = new Map<number, YearSchedule>();
  for (const file of files) {
    const schedule = parseOne(file);
    if (byYear.has(schedule.year))
      throw new CalendarDataError(file.fileName, `year ${schedule.year} is given twice`);
    byYear.set(schedule.year, schedule);
  }
  return new Map([...byYear].sort(([a], [b]) => a - b));
}
