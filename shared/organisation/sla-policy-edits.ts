import type { Official, SlaPolicy } from '../../config/sla-policy.js';
import type { Span } from '../calendar/span.js';
import { refuse, type EditableOrganisation } from './edit-organisation.js';
import { text, values, type Form } from './edit-form-fields.js';

/**
 * The SLA policy's spans as the `/admin/sla` page changes them: the reply spans, per-category spans,
 * the reminder and the escalation chain. Each change checks the form (positive amounts in a known
 * unit, within the same caps as `SpanSchema`) and returns the lines the change history shows; the
 * whole policy is then validated by the schema of `config/sla-policy.json` (changeOrganisation).
 * A change applies to deadlines computed from then on; a ticket keeps the deadline it was given.
 */

export const SPAN_UNITS = {
  workingDays: 'ngày làm việc',
  workingHours: 'giờ làm việc',
  seconds: 'giây',
} as const;
export type SpanUnit = keyof typeof SPAN_UNITS;

// The caps of SpanSchema (shared/calendar/span.ts), said in the administrator's words.
const MAX: Record<SpanUnit, number> = {
  workingDays: 2_500,
  workingHours: 60_000,
  seconds: 10 * 366 * 86_400,
};

export const OFFICIAL_LABELS: Record<Official, string> = {
  officeChief: 'Chánh Văn phòng',
  conductReviewer: 'Người xem xét phản ánh về công vụ',
  director: 'Lãnh đạo Sở',
};

/** A span as the page shows it: "5 ngày làm việc". */
export function describeSpan(span: Span | undefined): string {
  if (!span) return '—';
  const [unit, amount] = Object.entries(span)[0] as [SpanUnit, number];
  return `${String(amount).replace('.', ',')} ${SPAN_UNITS[unit]}`;
}

/** `<prefix>_amount` and `<prefix>_unit` as a span; refused naming the field and `label`. */
export function spanFrom(form: Form, prefix: string, label: string): Span {
  const unit = text(form, `${prefix}_unit`);
  if (!Object.hasOwn(SPAN_UNITS, unit))
    refuse(`${prefix}_unit`, `${label}: cần chọn đơn vị (ngày làm việc, giờ làm việc hoặc giây).`);
  const raw = text(form, `${prefix}_amount`).replace(',', '.');
  const amount = Number(raw);
  const field = `${prefix}_amount`;
  if (!/^\d+(\.\d+)?$/.test(raw) || !(amount > 0)) refuse(field, `${label}: cần một số dương (ví dụ: 5).`);
  const key = unit as SpanUnit;
  if (key !== 'workingHours' && !Number.isInteger(amount))
    refuse(field, `${label}: số ${SPAN_UNITS[key]} phải là số nguyên.`);
  if (amount > MAX[key]) refuse(field, `${label}: tối đa ${MAX[key]} ${SPAN_UNITS[key]}.`);
  return { [key]: amount } as Span;
}

function sameSpan(a: Span | undefined, b: Span | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function change(lines: string[], label: string, before: Span | undefined, after: Span): void {
  if (!sameSpan(before, after)) lines.push(`${label}: ${describeSpan(before)} → ${describeSpan(after)}`);
}

/** The reply spans for each priority and the reminder. */
export function editReplySpans(draft: EditableOrganisation, form: Form): string[] {
  const policy = draft.policy;
  const normal = spanFrom(form, 'normal', 'Thời hạn trả lời (thông thường)');
  const urgent = spanFrom(form, 'urgent', 'Thời hạn trả lời (khẩn)');
  const reminder = spanFrom(form, 'reminder', 'Nhắc trước hạn');
  const lines: string[] = [];
  change(lines, 'Thời hạn trả lời thông thường', policy.deadlines.normal, normal);
  change(lines, 'Thời hạn trả lời khẩn', policy.deadlines.urgent, urgent);
  change(lines, 'Nhắc trước hạn', policy.reminderBefore, reminder);
  policy.deadlines = { normal, urgent };
  policy.reminderBefore = reminder;
  return lines;
}

/** A category's own reply span (normal priority), added or changed. */
export function setCategorySpan(draft: EditableOrganisation, form: Form): string[] {
  const code = text(form, 'category');
  const category = draft.table.categories.find((candidate) => candidate.code === code);
  if (!category) refuse('category', code ? `Không có lĩnh vực ${code}.` : 'Cần chọn lĩnh vực.');
  const span = spanFrom(form, 'span', `Thời hạn riêng của lĩnh vực ${code}`);
  const lines: string[] = [];
  change(lines, `Thời hạn riêng của lĩnh vực ${code}`, draft.policy.categoryDeadlines[code], span);
  draft.policy.categoryDeadlines = { ...draft.policy.categoryDeadlines, [code]: span };
  return lines;
}

/** Removes a category's own span: the category follows the normal reply span again. */
export function removeCategorySpan(draft: EditableOrganisation, code: string): string[] {
  if (!Object.hasOwn(draft.policy.categoryDeadlines, code))
    refuse('category', `Lĩnh vực ${code} không có thời hạn riêng.`);
  const { [code]: removed, ...rest } = draft.policy.categoryDeadlines;
  draft.policy.categoryDeadlines = rest;
  return [`Bỏ thời hạn riêng của lĩnh vực ${code} (${describeSpan(removed)}); theo thời hạn thông thường`];
}

function notifyFrom(form: Form, field: string, label: string): Official[] {
  const chosen = values(form, field);
  const unknown = chosen.find((value) => !Object.hasOwn(OFFICIAL_LABELS, value));
  if (unknown !== undefined) refuse(field, `${label}: vai trò không có trong danh sách.`);
  if (chosen.length === 0) refuse(field, `${label}: cần chọn ít nhất một người nhận thư báo.`);
  return [...new Set(chosen)] as Official[];
}

const who = (notify: Official[]): string => notify.map((official) => OFFICIAL_LABELS[official]).join(', ');

/**
 * The whole escalation chain at once: level 1 at the deadline, each later level a positive span after
 * the one before, so the levels are always in order; every level tells at least one role holder.
 */
export function editEscalation(draft: EditableOrganisation, form: Form): string[] {
  const lines: string[] = [];
  const chain = draft.policy.escalation.map((step, index): SlaPolicy['escalation'][number] => {
    const level = index + 1;
    const label = `Cấp ${level}`;
    const notify = notifyFrom(form, `notify_${level}`, label);
    if (who(notify) !== who(step.notify))
      lines.push(`Báo quá hạn cấp ${level}: ${who(step.notify)} → ${who(notify)}`);
    if (level === 1) return { level, notify };
    const after = spanFrom(form, `after_${level}`, `${label} (sau cấp ${level - 1})`);
    change(lines, `Báo quá hạn cấp ${level} sau cấp ${level - 1}`, step.after, after);
    return { level, after, notify };
  });
  draft.policy.escalation = chain;
  return lines;
}

/** One more level at the end of the chain. */
export function addEscalationLevel(draft: EditableOrganisation, form: Form): string[] {
  const level = draft.policy.escalation.length + 1;
  if (level > 10) refuse('form', 'Chuỗi báo quá hạn có tối đa 10 cấp.');
  const after = spanFrom(form, 'new_after', `Cấp ${level} (sau cấp ${level - 1})`);
  const notify = notifyFrom(form, 'new_notify', `Cấp ${level}`);
  draft.policy.escalation.push({ level, after, notify });
  return [`Thêm báo quá hạn cấp ${level}: ${describeSpan(after)} sau cấp ${level - 1}, báo ${who(notify)}`];
}

/** Drops the last level (level 1 stays: an overdue ticket is always reported to someone). */
export function removeLastEscalationLevel(draft: EditableOrganisation): string[] {
  if (draft.policy.escalation.length <= 1) refuse('form', 'Cần giữ ít nhất cấp 1 (báo khi đến hạn).');
  const last = draft.policy.escalation.pop()!;
  return [`Bỏ báo quá hạn cấp ${last.level} (${who(last.notify)})`];
}
