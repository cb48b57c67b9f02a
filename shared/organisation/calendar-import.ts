import { isSupportedYear, UNSUPPORTED_YEAR_MESSAGE_VI } from '../calendar/supported-years.js';
import type { DayOff, YearSchedule } from '../calendar/year-schedule.js';
import { cleanSingleLineText } from '../text/clean-text.js';
import { isLocalDate, isoWeekdayOf, yearOf } from '../time/local-date.js';
import { refuse, type EditableOrganisation } from './edit-organisation.js';
import { required, text, type Form } from './edit-form-fields.js';

/**
 * A year's official schedule imported at once from the government's announcement, pasted or uploaded,
 * instead of entering the days one by one. Two formats (docs/organisation.md, and the calendar page):
 *
 * CSV, one day per line (`,` `;` or tab between fields, "quotes" around a name holding one of them;
 * blank lines, lines starting with `#` and a header line starting with `ngày`/`date` are skipped):
 *     2027-01-01,nghỉ,Tết Dương lịch
 *     2027-02-20,làm bù,Làm bù cho thứ Sáu 05/02/2027,2027-02-05
 * JSON, as `config/calendar/<year>.json`: `{ "year", "source"?, "daysOff": [...], "makeUpWorkingDays": [...] }`.
 *
 * The import is the whole year (every day off, weekend ones included, as the files list them); it
 * replaces the year's schedule as a new version, so the previous one stays restorable. A weekday
 * given off for a make-up day is added to the days off when the list lacks it. Overlapping entries
 * (a date twice, a make-up day that is also a day off, two make-up days for one weekday) are refused
 * with the line, and nothing is saved.
 */

/** The largest pasted or uploaded text read (a year is a few dozen lines). */
export const MAX_IMPORT_BYTES = 64 * 1024;

interface Entry {
  line: number;
  kind: 'off' | 'makeUp';
  date: string;
  name: string;
  replaces?: string;
}

const KINDS: Record<string, Entry['kind']> = {
  nghỉ: 'off',
  nghi: 'off',
  off: 'off',
  'làm bù': 'makeUp',
  'lam bu': 'makeUp',
  lambu: 'makeUp',
  makeup: 'makeUp',
};

/** One CSV line's fields: separated by `,` `;` or tab; a field in double quotes may hold them ("" is a quote). */
function fieldsOf(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        current += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"' && current.trim() === '') {
      quoted = true;
      current = '';
    } else if (char === ',' || char === ';' || char === '\t') {
      fields.push(current);
      current = '';
    } else current += char;
  }
  fields.push(current);
  return fields.map((field) => cleanSingleLineText(field));
}

function csvEntries(input: string): Entry[] {
  const entries: Entry[] = [];
  input.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#') || /^(ngày|date)\b/i.test(trimmed.normalize('NFC'))) return;
    const [date = '', kindText = '', name = '', replaces = '', ...rest] = fieldsOf(trimmed);
    const kind = KINDS[kindText.toLowerCase()];
    if (!kind)
      refuse('calendar', `Dòng ${line}: loại ngày phải là «nghỉ» hoặc «làm bù» (đang là «${kindText}»).`);
    if (rest.some((field) => field !== ''))
      refuse('calendar', `Dòng ${line}: có nhiều hơn 4 cột (ngày, loại, tên, ngày được nghỉ thay).`);
    entries.push({ line, kind, date, name, ...(kind === 'makeUp' ? { replaces } : {}) });
  });
  return entries;
}

function jsonEntries(input: string, year: number): { entries: Entry[]; source?: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(input);
  } catch {
    refuse('calendar', 'Nội dung JSON không đọc được (kiểm tra dấu ngoặc, dấu phẩy và dấu nháy kép).');
  }
  const data = raw as { year?: unknown; source?: unknown; daysOff?: unknown; makeUpWorkingDays?: unknown };
  if (
    typeof data !== 'object' ||
    data === null ||
    !Array.isArray(data.daysOff) ||
    !Array.isArray(data.makeUpWorkingDays)
  ) {
    refuse(
      'calendar',
      'Tệp JSON cần có "daysOff" và "makeUpWorkingDays" (danh sách), như config/calendar/<năm>.json.',
    );
  }
  if (data.year !== undefined && data.year !== year)
    refuse('calendar', `Tệp JSON là lịch năm ${String(data.year)}, không phải năm ${year}.`);
  const str = (value: unknown): string => (typeof value === 'string' ? cleanSingleLineText(value) : '');
  const entries: Entry[] = [
    ...(data.daysOff as Array<Record<string, unknown>>).map((day, index): Entry => ({
      line: index + 1,
      kind: 'off',
      date: str(day?.date),
      name: str(day?.name),
    })),
    ...(data.makeUpWorkingDays as Array<Record<string, unknown>>).map((day, index): Entry => ({
      line: index + 1,
      kind: 'makeUp',
      date: str(day?.date),
      name: str(day?.name),
      replaces: str(day?.replaces),
    })),
  ];
  return {
    entries,
    ...(typeof data.source === 'string' && data.source.trim()
      ? { source: cleanSingleLineText(data.source) }
      : {}),
  };
}

/** Where an entry came from, for a refusal: a CSV line, or the n-th day of a JSON list. */
function where(entry: Entry, json: boolean): string {
  if (!json) return `Dòng ${entry.line}`;
  return entry.kind === 'off' ? `daysOff[${entry.line}]` : `makeUpWorkingDays[${entry.line}]`;
}

/** The same, inside a sentence. */
function inline(entry: Entry, json: boolean): string {
  return json ? where(entry, json) : `dòng ${entry.line}`;
}

/** The entries as one year's schedule; every overlap or bad day refused with where it is. */
function scheduleOf(entries: Entry[], year: number, source: string, json: boolean): YearSchedule {
  if (entries.length === 0) refuse('calendar', 'Không có ngày nào để nhập.');
  const seen = new Map<string, Entry>();
  const daysOff: DayOff[] = [];
  const makeUp: YearSchedule['makeUpWorkingDays'] = [];
  const replaced = new Map<string, Entry>();
  for (const entry of entries) {
    const at = where(entry, json);
    if (!isLocalDate(entry.date))
      refuse('calendar', `${at}: «${entry.date}» không phải một ngày có thật dạng YYYY-MM-DD.`);
    if (yearOf(entry.date) !== year) refuse('calendar', `${at}: ngày ${entry.date} không thuộc năm ${year}.`);
    if (!entry.name) refuse('calendar', `${at}: cần tên ngày (ví dụ: Tết Dương lịch).`);
    const earlier = seen.get(entry.date);
    if (earlier) refuse('calendar', `${at}: ngày ${entry.date} trùng với ${inline(earlier, json)}.`);
    seen.set(entry.date, entry);
    if (entry.kind === 'off') {
      daysOff.push({ date: entry.date, name: entry.name });
      continue;
    }
    const replaces = entry.replaces ?? '';
    if (isoWeekdayOf(entry.date) <= 5)
      refuse('calendar', `${at}: ngày làm bù ${entry.date} phải là thứ Bảy hoặc Chủ nhật.`);
    if (!isLocalDate(replaces))
      refuse('calendar', `${at}: cần ngày được nghỉ thay (cột thứ tư), dạng YYYY-MM-DD.`);
    if (isoWeekdayOf(replaces) > 5)
      refuse('calendar', `${at}: ngày được nghỉ thay ${replaces} phải từ thứ Hai đến thứ Sáu.`);
    if (yearOf(replaces) !== year && yearOf(replaces) !== year - 1)
      refuse(
        'calendar',
        `${at}: ngày được nghỉ thay ${replaces} phải thuộc năm ${year} (hoặc cuối năm ${year - 1}).`,
      );
    const twice = replaced.get(replaces);
    if (twice) refuse('calendar', `${at}: ngày ${replaces} đã được làm bù ở ${inline(twice, json)}.`);
    replaced.set(replaces, entry);
    makeUp.push({ date: entry.date, replaces, name: entry.name });
  }
  for (const day of makeUp) {
    if (yearOf(day.replaces) !== year || seen.has(day.replaces)) continue;
    daysOff.push({ date: day.replaces, name: `Nghỉ hoán đổi (làm bù ${day.date})` });
    seen.set(day.replaces, { line: 0, kind: 'off', date: day.replaces, name: '' });
  }
  for (const day of makeUp) {
    const off = seen.get(day.replaces);
    if (yearOf(day.replaces) === year && off?.kind === 'makeUp')
      refuse('calendar', `Ngày ${day.replaces} vừa là ngày làm bù vừa là ngày được nghỉ thay.`);
  }
  daysOff.sort((a, b) => a.date.localeCompare(b.date));
  makeUp.sort((a, b) => a.date.localeCompare(b.date));
  return { year, source, daysOff, makeUpWorkingDays: makeUp };
}

/** Replaces `year`'s official schedule with the pasted or uploaded one (`calendar` text), with its source. */
export function importYearSchedule(
  draft: EditableOrganisation,
  year: number,
  form: Form,
  upload?: string,
): string[] {
  if (!isSupportedYear(year)) refuse('year', UNSUPPORTED_YEAR_MESSAGE_VI);
  const pasted = typeof form.calendar === 'string' ? form.calendar : '';
  const input = (upload !== undefined && upload.trim() !== '' ? upload : pasted).replace(/^\uFEFF/, '');
  if (!input.trim()) refuse('calendar', 'Cần dán nội dung lịch hoặc chọn một tệp CSV/JSON.');
  const json = input.trim().startsWith('{');
  const parsed = json ? jsonEntries(input, year) : { entries: csvEntries(input) };
  const source =
    text(form, 'source') || parsed.source || required(form, 'source', 'nguồn (thông báo của Chính phủ)');
  const schedule = scheduleOf(parsed.entries, year, source, json);
  const replaced = draft.calendar.some((candidate) => candidate.year === year);
  draft.calendar = [...draft.calendar.filter((candidate) => candidate.year !== year), schedule].sort(
    (a, b) => a.year - b.year,
  );
  return [
    `Lịch năm ${year}: nhập ${schedule.daysOff.length} ngày nghỉ và ${schedule.makeUpWorkingDays.length} ngày làm bù${replaced ? ' (thay lịch trước)' : ''}; nguồn: ${source}`,
  ];
}
