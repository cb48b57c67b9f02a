import { z } from 'zod';
import { ANSWER_TEXT_MAX } from '../../shared/answering/record-answer.js';
import { isLocalDate } from '../../shared/time/local-date.js';
import { cleanMultilineText, cleanSingleLineText } from '../../shared/text/clean-text.js';
import { rawText } from '../../shared/text/raw-text.js';
import { FORM_ID_SHAPE } from './form-guard.js';

/** Limits of the unit's forms; the page shows the same numbers (the answer's length is the shared use case's). */
export { ANSWER_TEXT_MAX };
export const REASON_MAX = 2000;
const PERSON_MAX = 120;

const multiline = (max: number, required: string) =>
  rawText(max, required)
    .transform(cleanMultilineText)
    .pipe(z.string().min(1, required).max(max, `Tối đa ${max} ký tự.`));

const singleLine = (max: number, required: string) =>
  rawText(max, required)
    .transform(cleanSingleLineText)
    .pipe(z.string().min(1, required).max(max, `Tối đa ${max} ký tự.`));

const FormMeta = {
  csrf: z.string().max(200),
  formId: z.string().regex(FORM_ID_SHAPE, 'Biểu mẫu không hợp lệ, vui lòng tải lại trang.'),
};

const Person = {
  name: singleLine(PERSON_MAX, 'Vui lòng nhập họ và tên.'),
  position: singleLine(PERSON_MAX, 'Vui lòng nhập chức vụ.'),
};

export const AnswerFormSchema = z.strictObject({
  ...FormMeta,
  text: multiline(ANSWER_TEXT_MAX, 'Vui lòng nhập nội dung trả lời.'),
  ...Person,
});

export const TransferFormSchema = z.strictObject({
  ...FormMeta,
  reason: multiline(REASON_MAX, 'Vui lòng nêu lý do không thuộc thẩm quyền.'),
  suggestedUnit: rawText(PERSON_MAX)
    .optional()
    .transform((value) => (value ? cleanSingleLineText(value) || undefined : undefined)),
  ...Person,
});

export const ExtensionFormSchema = z.strictObject({
  ...FormMeta,
  reason: multiline(REASON_MAX, 'Vui lòng nêu lý do xin gia hạn.'),
  proposedDate: rawText(10, 'Vui lòng chọn ngày đề nghị gia hạn đến.')
    .trim()
    .superRefine((value, ctx) => {
      if (value === '') ctx.addIssue({ code: 'custom', message: 'Vui lòng chọn ngày đề nghị gia hạn đến.' });
      else if (!isLocalDate(value))
        ctx.addIssue({ code: 'custom', message: 'Ngày không hợp lệ (cần dạng năm-tháng-ngày).' });
    }),
  ...Person,
});

export const CitizenInfoFormSchema = z.strictObject({
  ...FormMeta,
  question: multiline(REASON_MAX, 'Vui lòng nêu thông tin cần người phản ánh bổ sung.'),
  ...Person,
});

/** A supporting unit's input (co-handling): as long as an answer, with the same files. */
export const SupportInputFormSchema = z.strictObject({
  ...FormMeta,
  text: multiline(ANSWER_TEXT_MAX, 'Vui lòng nhập ý kiến phối hợp của đơn vị.'),
  ...Person,
});
