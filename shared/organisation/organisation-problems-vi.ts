import type { z } from 'zod';

/** A refused change: where (`table.units.3.email`) and why, in Vietnamese. */
export interface OrganisationProblem {
  path: string;
  message: string;
}

// The schemas' own messages are written for whoever edits the files; the administrator reads these.
const CUSTOM_VI: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^unknown unit (.*)$/, (m) => `Đơn vị ${m[1]} không có trong danh sách đơn vị.`],
  [/^unknown category (.*)$/, (m) => `Lĩnh vực ${m[1]} không có trong danh mục.`],
  [/^category (.*) handled by two units$/, (m) => `Lĩnh vực ${m[1]} đang được giao cho hai đơn vị.`],
  [/^category (.*) has no unit$/, (m) => `Lĩnh vực ${m[1]} chưa được giao cho đơn vị nào.`],
  [/^inactive unit (.*) still handles categories$/, (m) => `Đơn vị ${m[1]} ngừng hoạt động nhưng vẫn được giao lĩnh vực; hãy giao các lĩnh vực đó cho đơn vị khác trước.`],
  [/^the triage unit must be active$/, () => 'Đơn vị phân loại phiếu không thể ngừng hoạt động.'],
  [/^expected a real date written YYYY-MM-DD$/, () => 'Ngày phải là một ngày có thật, viết dạng YYYY-MM-DD.'],
  [/^unit codes must be unique$/, () => 'Mã đơn vị bị trùng.'],
  [/^category codes must be unique$/, () => 'Mã lĩnh vực bị trùng.'],
  [/^procedure (.*) belongs to inactive unit (.*)$/, (m) => `Thủ tục ${m[1]} thuộc đơn vị ${m[2]} đã ngừng hoạt động.`],
  [/^(\S+) is not in (\d+)$/, (m) => `Ngày ${m[1]} không thuộc năm ${m[2]}.`],
  [/^(\S+) is listed twice$/, (m) => `Ngày ${m[1]} đã có trong lịch (trùng với một mục khác).`],
  [/^(\S+) is not a Monday–Friday working day$/, (m) => `Ngày được làm bù thay (${m[1]}) phải là một ngày từ thứ Hai đến thứ Sáu.`],
  [/^(\S+) must also be listed in daysOff$/, (m) => `Ngày ${m[1]} được làm bù thay phải có trong danh sách ngày nghỉ.`],
];

/** One zod issue in Vietnamese, its path prefixed with `root`. */
export function problemVi(root: string, issue: z.core.$ZodIssue): OrganisationProblem {
  const path = [root, ...issue.path.map(String)].join('.');
  if (issue.code === 'custom') {
    for (const [pattern, say] of CUSTOM_VI) {
      const match = pattern.exec(issue.message);
      if (match) return { path, message: say(match) };
    }
  }
  if (issue.code === 'invalid_format' && issue.format === 'email') {
    return { path, message: 'Không phải địa chỉ thư điện tử hợp lệ (ví dụ: vanphong@dongthap.gov.vn).' };
  }
  if (issue.code === 'invalid_format' && issue.format === 'regex') {
    return { path, message: 'Mã không đúng dạng cho phép.' };
  }
  if (issue.code === 'too_small') return { path, message: 'Nội dung quá ngắn hoặc còn trống.' };
  if (issue.code === 'too_big') return { path, message: 'Nội dung quá dài.' };
  return { path, message: 'Giá trị không hợp lệ.' };
}
