import { z } from 'zod';
import { cleanSingleLineText } from '../text/clean-text.js';
import { isLocalDate, isoWeekdayOf, LocalDateSchema, yearOf } from '../time/local-date.js';

// Holiday names are shown on pages: NFC, without control or format characters (Cf).
const NameSchema = z.string().transform(cleanSingleLineText).pipe(z.string().min(1));

/** A date on which offices are closed (a holiday, a compensatory day or a swapped day), with its name. */
export const DayOffSchema = z.strictObject({ date: LocalDateSchema, name: NameSchema });

/** A weekly rest day worked instead of `replaces`, with the office hours of the weekday it replaces. */
export const MakeUpWorkingDaySchema = z.strictObject({
  date: LocalDateSchema,
  replaces: LocalDateSchema,
  name: NameSchema,
});

/**
 * One year's official schedule of days off and make-up working days (`config/calendar/<year>.json`).
 * Every `date` lies in `year`; `replaces` may lie in the year before (a New Year swap across 31 December).
 */
export const YearScheduleSchema = z
  .strictObject({
    year: z.number().int().min(1976).max(9999),
    source: z.string().trim().min(1),
    daysOff: z.array(DayOffSchema),
    makeUpWorkingDays: z.array(MakeUpWorkingDaySchema),
  })
  .superRefine((schedule, ctx) => {
    // zod runs refinements even when a field already failed, so malformed dates (reported already) are skipped.
    const seen = new Set<string>();
    const entries = [
      ...schedule.daysOff.map((entry, index) => ({ date: entry.date, path: ['daysOff', index, 'date'] })),
      ...schedule.makeUpWorkingDays.map((entry, index) => ({
        date: entry.date,
        path: ['makeUpWorkingDays', index, 'date'],
      })),
    ];
    for (const { date, path } of entries) {
      if (!isLocalDate(date)) continue;
      if (yearOf(date) !== schedule.year) {
        ctx.addIssue({ code: 'custom', path, message: `${date} is not in ${schedule.year}` });
      }
      if (seen.has(date)) ctx.addIssue({ code: 'custom', path, message: `${date} is listed twice` });
      seen.add(date);
    }
    const daysOff = new Set(schedule.daysOff.map((entry) => entry.date));
    schedule.makeUpWorkingDays.forEach((entry, index) => {
      if (!isLocalDate(entry.replaces)) return;
      const path = ['makeUpWorkingDays', index, 'replaces'];
      if (isoWeekdayOf(entry.replaces) > 5) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `${entry.replaces} is not a Monday–Friday working day`,
        });
      }
      if (yearOf(entry.replaces) === schedule.year && !daysOff.has(entry.replaces)) {
        ctx.addIssue({ code: 'custom', path, message: `${entry.replaces} must also be listed in daysOff` });
      }
    });
  });

/** A day off in a year schedule. */
export type DayOff = z.infer<typeof DayOffSchema>;

/** A make-up working day in a year schedule. */
export type MakeUpWorkingDay = z.infer<typeof MakeUpWorkingDaySchema>;

/** One year's days off and make-up working days. */
export type YearSchedule = z.infer<typeof YearScheduleSchema>;
