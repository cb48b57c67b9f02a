import { refuse, type EditableOrganisation } from './edit-organisation.js';
import { required, text, unitOf, type Form } from './edit-form-fields.js';

/**
 * The administrative procedures (*thủ tục hành chính*) the Department handles, each owned by one
 * active unit: a ticket about a procedure (`procedureCode`) is routed to that unit. Tickets already
 * given to a unit keep it when a procedure moves or is removed.
 */

// Codes as the province's procedure list writes them (DT-VH-01, 1.001234.000.00.00.H18): letters, digits, . - _
const PROCEDURE_CODE = /^[A-Z0-9][A-Z0-9._-]{1,39}$/;

function procedureOf(draft: EditableOrganisation, code: string) {
  const procedure = draft.table.procedures.find((candidate) => candidate.code === code);
  if (!procedure) refuse('code', `Không có thủ tục ${code}.`);
  return procedure;
}

function activeUnit(draft: EditableOrganisation, form: Form) {
  const unit = unitOf(draft, text(form, 'unit'));
  if (!unit.active) refuse('unit', `Đơn vị ${unit.code} đã ngừng hoạt động.`);
  return unit;
}

/** A new procedure with its owning unit. */
export function addProcedure(draft: EditableOrganisation, form: Form): string[] {
  const code = text(form, 'code').toUpperCase();
  if (!PROCEDURE_CODE.test(code)) {
    refuse(
      'code',
      'Mã thủ tục gồm 2–40 chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới (ví dụ: DT-VH-05).',
    );
  }
  if (draft.table.procedures.some((procedure) => procedure.code === code))
    refuse('code', `Đã có thủ tục mã ${code}.`);
  const name = required(form, 'name', 'tên thủ tục');
  const unit = activeUnit(draft, form);
  draft.table.procedures.push({ code, name, unit: unit.code });
  return [`Thêm thủ tục ${code} «${name}», giao ${unit.code}`];
}

/** Renames a procedure or gives it to another unit. */
export function editProcedure(draft: EditableOrganisation, code: string, form: Form): string[] {
  const procedure = procedureOf(draft, code);
  const name = required(form, 'name', 'tên thủ tục');
  const lines: string[] = [];
  if (name !== procedure.name) lines.push(`Thủ tục ${code}: tên «${procedure.name}» → «${name}»`);
  if (text(form, 'unit') !== procedure.unit) {
    const unit = activeUnit(draft, form);
    lines.push(`Thủ tục ${code}: giao ${procedure.unit} → ${unit.code}`);
    procedure.unit = unit.code;
  }
  procedure.name = name;
  return lines;
}

/** Removes a procedure the Department no longer handles (new tickets can no longer name it). */
export function removeProcedure(draft: EditableOrganisation, code: string): string[] {
  const procedure = procedureOf(draft, code);
  draft.table.procedures = draft.table.procedures.filter((candidate) => candidate !== procedure);
  return [`Bỏ thủ tục ${code} «${procedure.name}»`];
}
