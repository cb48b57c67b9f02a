import type { ErrorDetail } from '../../shared/errors/app-error.js';

/**
 * Field names of the operator form, in page order; they are the API's JSON paths, so errors land next
 * to the right field.
 */
export const FORM_FIELDS = [
  'citizen.name',
  'citizen.phone',
  'category',
  'subject',
  'content',
  'resolvedByOperator.answer',
  'channel',
  'procedureCode',
  'citizen.email',
  'citizen.address',
  'location.address',
  'location.commune',
] as const;
const CHECKBOXES = [
  'citizen.anonymous',
  'citizen.noticesOptOut',
  'confidential',
  'urgent',
  'resolved',
] as const;

export type FormValues = Partial<Record<(typeof FORM_FIELDS)[number] | (typeof CHECKBOXES)[number], string>>;

/** What the browser sent, as strings only (repeated or odd fields are ignored). */
export function formValues(body: unknown): FormValues {
  const source = (body ?? {}) as Record<string, unknown>;
  const values: FormValues = {};
  for (const name of [...FORM_FIELDS, ...CHECKBOXES]) {
    const value = source[name];
    if (typeof value === 'string') values[name] = value;
  }
  return values;
}

const present = (value: string | undefined): string | undefined =>
  value !== undefined && value.trim() !== '' ? value : undefined;

/** The form as the API's JSON body; the same use case then validates both. */
export function formToTicketBody(values: FormValues): Record<string, unknown> {
  const location = {
    address: present(values['location.address']),
    commune: present(values['location.commune']),
  };
  const resolved = values.resolved === 'on';
  return {
    channel: values.channel || 'phone',
    citizen: {
      name: present(values['citizen.name']),
      phone: present(values['citizen.phone']),
      email: present(values['citizen.email']),
      address: present(values['citizen.address']),
      anonymous: values['citizen.anonymous'] === 'on',
      ...(values['citizen.noticesOptOut'] === 'on' ? { noticesOptOut: true } : {}),
    },
    confidential: values.confidential === 'on',
    category: present(values.category),
    subject: values.subject ?? '',
    content: values.content ?? '',
    location: location.address || location.commune ? location : undefined,
    procedureCode: present(values.procedureCode),
    priority: values.urgent === 'on' ? 'urgent' : 'normal',
    resolvedByOperator: resolved ? { answer: values['resolvedByOperator.answer'] ?? '' } : undefined,
  };
}

/** Error messages by form field; anything that is not a field goes under `_form`. */
export function fieldErrors(details: readonly ErrorDetail[] | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const detail of details ?? []) {
    const field = (FORM_FIELDS as readonly string[]).includes(detail.path) ? detail.path : '_form';
    errors[field] ??= detail.message;
  }
  return errors;
}

/** `citizen.phone` → `f-citizen-phone`: ids for labels and the error summary's links. */
export function fieldId(name: string): string {
  return `f-${name.replace(/\./g, '-')}`;
}

/** Labels of the form's fields, also used by the error summary at the top of the form. */
export const FIELD_LABELS_VI: Readonly<Record<string, string>> = {
  channel: 'Kênh tiếp nhận',
  'citizen.name': 'Họ và tên người phản ánh',
  'citizen.phone': 'Số điện thoại',
  'citizen.email': 'Thư điện tử',
  'citizen.address': 'Địa chỉ người phản ánh',
  category: 'Lĩnh vực',
  subject: 'Tiêu đề',
  content: 'Nội dung phản ánh, kiến nghị',
  'location.address': 'Địa điểm xảy ra sự việc',
  'location.commune': 'Xã, phường',
  procedureCode: 'Thủ tục hành chính liên quan',
  'resolvedByOperator.answer': 'Nội dung đã trả lời',
};
