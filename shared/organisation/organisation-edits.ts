import { deriveStatutoryYearSchedule } from '../calendar/derive-statutory-year-schedule.js';
import { isSupportedYear, UNSUPPORTED_YEAR_MESSAGE_VI } from '../calendar/supported-years.js';
import type { YearSchedule } from '../calendar/year-schedule.js';
import { isLocalDate, isoWeekdayOf, yearOf } from '../time/local-date.js';
import { refuse, type EditableOrganisation } from './edit-organisation.js';
import { required, text, unitOf, type Form } from './edit-form-fields.js';

/**
 * The changes the administration pages make, each on the editable copy, each returning the lines the
 * change history shows. They check what a form can get wrong and say it in Vietnamese; the whole
 * result is then validated by the same schemas as the files (changeOrganisation).
 */

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

function email(form: Form, field: string): string {
  const value = text(form, field).toLowerCase();
  if (!EMAIL.test(value)) refuse(field, 'Địa chỉ thư điện tử không hợp lệ (ví dụ: vanphong@dongthap.gov.vn).');
  return value;
}

/** Name, e-mail and active flag of a unit. */
export function editUnit(draft: EditableOrganisation, code: string, form: Form): string[] {
  const unit = unitOf(draft, code, 'code');
  const name = required(form, 'name', 'tên đơn vị');
  const address = email(form, 'email');
  const active = form.active === 'on' || form.active === 'true' || form.active === true;
  const lines: string[] = [];
  if (name !== unit.name) lines.push(`Đơn vị ${code}: tên «${unit.name}» → «${name}»`);
  if (address !== unit.email) lines.push(`Đơn vị ${code}: thư điện tử ${unit.email} → ${address}`);
  if (active !== unit.active) lines.push(`Đơn vị ${code}: ${active ? 'hoạt động trở lại' : 'ngừng hoạt động'}`);
  Object.assign(unit, { name, email: address, active });
  return lines;
}

/** A new category, routed to an active unit (a category with no unit is refused). */
export function addCategory(draft: EditableOrganisation, form: Form): string[] {
  const code = text(form, 'code').toLowerCase();
  if (!/^[a-z_]{2,40}$/.test(code)) refuse('code', 'Mã lĩnh vực gồm 2–40 chữ thường không dấu hoặc dấu gạch dưới (ví dụ: le_hoi).');
  if (draft.table.categories.some((category) => category.code === code)) refuse('code', `Đã có lĩnh vực mã ${code}.`);
  const name = required(form, 'name', 'tên lĩnh vực');
  const source = required(form, 'source', 'nguồn (văn bản giao nhiệm vụ)');
  const unit = unitOf(draft, text(form, 'unit'));
  if (!unit.active) refuse('unit', `Đơn vị ${unit.code} đã ngừng hoạt động.`);
  draft.table.categories.push({ code, name, provisional: false, source });
  unit.categories.push(code);
  return [`Thêm lĩnh vực ${code} «${name}», giao ${unit.code}`];
}

/** Moves a category to another unit (and renames it). */
export function editCategory(draft: EditableOrganisation, code: string, form: Form): string[] {
  const category = draft.table.categories.find((candidate) => candidate.code === code);
  if (!category) refuse('code', `Không có lĩnh vực ${code}.`);
  const name = required(form, 'name', 'tên lĩnh vực');
  const target = unitOf(draft, text(form, 'unit'));
  const from = draft.table.units.find((unit) => unit.categories.includes(code));
  const lines: string[] = [];
  if (name !== category.name) lines.push(`Lĩnh vực ${code}: tên «${category.name}» → «${name}»`);
  if (from?.code !== target.code) {
    if (!target.active) refuse('unit', `Đơn vị ${target.code} đã ngừng hoạt động.`);
    if (from) from.categories = from.categories.filter((candidate) => candidate !== code);
    target.categories.push(code);
    lines.push(`Lĩnh vực ${code}: giao ${from?.code ?? '(chưa có)'} → ${target.code}`);
  }
  category.name = name;
  return lines;
}

const ROLES = { officeChief: 'Chánh Văn phòng', conductReviewer: 'Người xem xét phản ánh về công vụ', director: 'Lãnh đạo Sở' } as const;

/** The title and e-mail of a role holder. */
export function editOfficial(draft: EditableOrganisation, role: string, form: Form): string[] {
  if (!Object.hasOwn(ROLES, role)) refuse('role', 'Vai trò không có trong danh sách.');
  const official = draft.table.officials[role as keyof typeof ROLES];
  const title = required(form, 'title', 'chức danh');
  const address = email(form, 'email');
  const lines: string[] = [];
  if (title !== official.title) lines.push(`Vai trò ${role}: chức danh «${official.title}» → «${title}»`);
  if (address !== official.email) lines.push(`Vai trò ${role}: thư điện tử ${official.email} → ${address}`);
  Object.assign(official, { title, email: address });
  return lines;
}

/** The year's official schedule to edit; a year without one starts from the days off the Labour Code gives. */
function scheduleFor(draft: EditableOrganisation, year: number, lines: string[]): YearSchedule {
  if (!isSupportedYear(year)) refuse('year', UNSUPPORTED_YEAR_MESSAGE_VI);
  let schedule = draft.calendar.find((candidate) => candidate.year === year);
  if (!schedule) {
    schedule = deriveStatutoryYearSchedule(year);
    draft.calendar.push(schedule);
    lines.push(`Lịch năm ${year}: tạo từ các ngày nghỉ theo Bộ luật Lao động`);
  }
  return schedule;
}

function dateIn(form: Form, field: string, year: number, label: string): string {
  const date = text(form, field);
  if (!isLocalDate(date)) refuse(field, `${label} phải là một ngày có thật, dạng YYYY-MM-DD.`);
  if (yearOf(date) !== year) refuse(field, `${label} ${date} không thuộc năm ${year}.`);
  return date;
}

function taken(schedule: YearSchedule, date: string): boolean {
  return schedule.daysOff.some((day) => day.date === date) || schedule.makeUpWorkingDays.some((day) => day.date === date);
}

function noteSource(schedule: YearSchedule, source: string, fresh: boolean): void {
  if (fresh) schedule.source = source;
  else if (!schedule.source.includes(source)) schedule.source = `${schedule.source}; ${source}`;
}

/** A day off (holiday, compensatory day) announced for a year, with the announcement as source. */
export function addDayOff(draft: EditableOrganisation, year: number, form: Form): string[] {
  const lines: string[] = [];
  const fresh = !draft.calendar.some((candidate) => candidate.year === year);
  const schedule = scheduleFor(draft, year, lines);
  const date = dateIn(form, 'date', year, 'Ngày nghỉ');
  const name = required(form, 'name', 'tên ngày nghỉ');
  const source = required(form, 'source', 'nguồn (thông báo của Chính phủ)');
  if (taken(schedule, date)) refuse('date', `Ngày ${date} đã có trong lịch năm ${year} (trùng với một mục khác).`);
  schedule.daysOff.push({ date, name });
  schedule.daysOff.sort((a, b) => a.date.localeCompare(b.date));
  noteSource(schedule, source, fresh);
  lines.push(`Lịch năm ${year}: thêm ngày nghỉ ${date} «${name}»`);
  return lines;
}

/**
 * A make-up working day (usually a Saturday) for a weekday given off: the weekday becomes a day off if
 * it is not one yet, as the government announces both together.
 */
export function addMakeUpDay(draft: EditableOrganisation, year: number, form: Form): string[] {
  const lines: string[] = [];
  const fresh = !draft.calendar.some((candidate) => candidate.year === year);
  const schedule = scheduleFor(draft, year, lines);
  const date = dateIn(form, 'date', year, 'Ngày làm bù');
  const replaces = text(form, 'replaces');
  if (!isLocalDate(replaces)) refuse('replaces', 'Ngày được nghỉ thay phải là một ngày có thật, dạng YYYY-MM-DD.');
  if (isoWeekdayOf(replaces) > 5) refuse('replaces', `Ngày được nghỉ thay (${replaces}) phải là một ngày từ thứ Hai đến thứ Sáu.`);
  if (isoWeekdayOf(date) <= 5) refuse('date', `Ngày làm bù ${date} phải là thứ Bảy hoặc Chủ nhật.`);
  const name = required(form, 'name', 'tên ngày làm bù');
  const source = required(form, 'source', 'nguồn (thông báo của Chính phủ)');
  if (taken(schedule, date)) refuse('date', `Ngày ${date} đã có trong lịch năm ${year} (trùng với một mục khác).`);
  if (schedule.makeUpWorkingDays.some((day) => day.replaces === replaces)) {
    refuse('replaces', `Ngày ${replaces} đã có một ngày làm bù khác.`);
  }
  if (yearOf(replaces) === year && !schedule.daysOff.some((day) => day.date === replaces)) {
    schedule.daysOff.push({ date: replaces, name: `Nghỉ hoán đổi (làm bù ${date})` });
    schedule.daysOff.sort((a, b) => a.date.localeCompare(b.date));
    lines.push(`Lịch năm ${year}: nghỉ hoán đổi ${replaces}`);
  }
  schedule.makeUpWorkingDays.push({ date, replaces, name });
  schedule.makeUpWorkingDays.sort((a, b) => a.date.localeCompare(b.date));
  noteSource(schedule, source, fresh);
  lines.push(`Lịch năm ${year}: thêm ngày làm bù ${date} (thay ${replaces}) «${name}»`);
  return lines;
}

/** Removes a day off or a make-up day entered by mistake. */
export function removeCalendarEntry(draft: EditableOrganisation, year: number, form: Form): string[] {
  const schedule = draft.calendar.find((candidate) => candidate.year === year);
  const date = text(form, 'date');
  if (!schedule || !taken(schedule, date)) refuse('date', `Lịch năm ${year} không có ngày ${date}.`);
  const inUse = schedule.makeUpWorkingDays.find((day) => day.replaces === date);
  if (inUse) refuse('date', `Ngày ${date} đang được làm bù vào ${inUse.date}; hãy xóa ngày làm bù trước.`);
  schedule.daysOff = schedule.daysOff.filter((day) => day.date !== date);
  schedule.makeUpWorkingDays = schedule.makeUpWorkingDays.filter((day) => day.date !== date);
  return [`Lịch năm ${year}: bỏ ngày ${date}`];
}
