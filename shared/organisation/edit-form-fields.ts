import { cleanSingleLineText } from '../text/clean-text.js';
import { refuse, type EditableOrganisation } from './edit-organisation.js';

/** A submitted admin form: field name → value (a string, or a list for repeated checkboxes). */
export type Form = Record<string, unknown>;

/** The field as one clean line of text (NFC, no control or format characters), or '' when absent. */
export const text = (form: Form, field: string): string =>
  typeof form[field] === 'string' ? cleanSingleLineText(form[field]) : '';

/** The field's text; refused with "Cần nhập <label>." when empty. */
export function required(form: Form, field: string, label: string): string {
  const value = text(form, field);
  if (!value) refuse(field, `Cần nhập ${label}.`);
  return value;
}

/** Every value a repeated field (checkboxes) carries. */
export function values(form: Form, field: string): string[] {
  const value = form[field];
  if (typeof value === 'string') return [cleanSingleLineText(value)];
  if (Array.isArray(value))
    return value.filter((item): item is string => typeof item === 'string').map(cleanSingleLineText);
  return [];
}

/** The unit with this code in the draft; refused naming `field` when there is none. */
export function unitOf(draft: EditableOrganisation, code: string, field = 'unit') {
  const unit = draft.table.units.find((candidate) => candidate.code === code);
  if (!unit) refuse(field, code ? `Không có đơn vị ${code}.` : 'Cần chọn đơn vị xử lý.');
  return unit;
}
