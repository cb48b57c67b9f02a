import { loadCalendarData } from '../../config/calendar-data.js';
import type { RoutingTable } from '../../config/routing-table.js';
import { createWorkingCalendar, type WorkingCalendar } from '../calendar/working-calendar.js';
import type { YearSchedule } from '../calendar/year-schedule.js';

export interface Calendars {
  /** The Department's default calendar. */
  standard: WorkingCalendar;
  /** A unit's own calendar (e.g. Saturday-morning service), else the standard one. */
  forUnit(unitCode: string): WorkingCalendar;
}

/** Builds every unit's working calendar once; `onDerivedYear` is told of each year lacking an official schedule. */
export function createCalendars(
  table: RoutingTable,
  options: { officialYears?: Map<number, YearSchedule>; onDerivedYear?: (year: number) => void } = {},
): Calendars {
  const officialYears = options.officialYears ?? loadCalendarData();
  const warned = new Set<number>();
  const onDerivedYear = (year: number): void => {
    if (warned.has(year)) return;
    warned.add(year);
    options.onDerivedYear?.(year);
  };
  const standard = createWorkingCalendar({ officialYears, onDerivedYear });
  const byUnit = new Map<string, WorkingCalendar>();
  for (const unit of table.units) {
    if (unit.officeHours) {
      byUnit.set(unit.code, createWorkingCalendar({ officialYears, officeHours: unit.officeHours, onDerivedYear }));
    }
  }
  return { standard, forUnit: (unitCode) => byUnit.get(unitCode) ?? standard };
}
