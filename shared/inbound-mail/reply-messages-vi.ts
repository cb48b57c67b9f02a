/** What the sender of a reply that was not recorded is told (one short e-mail; never to a machine). */
export type RefusalReason =
  'unknown' | 'withdrawn' | 'answered_before' | 'empty' | 'too_long' | 'attachments' | 'conflict';

const HOW_TO_ANSWER =
  'Vui lòng trả lời bằng đường dẫn trong thư giao phiếu của Tổng đài 1022, hoặc liên hệ Văn phòng Sở nếu cần hỗ trợ.';

const WHY: Record<RefusalReason, (code?: string) => string> = {
  unknown: () =>
    'Thư của quý đơn vị không gắn với phiếu nào đang chờ trả lời (địa chỉ nhận không phải địa chỉ trả lời của một phiếu), nên chưa được ghi nhận.',
  withdrawn: () =>
    'Phiếu mà thư này trả lời không còn chờ trả lời của quý đơn vị (phiếu đã được giao cho đơn vị khác, đã đóng hoặc đã hết hạn trả lời), nên thư chưa được ghi nhận.',
  answered_before: (code) =>
    `Phiếu ${code ?? ''} đã được trả lời trước đó, nên thư này không được ghi nhận thêm.`,
  empty: (code) =>
    `Thư trả lời phiếu ${code ?? ''} không có nội dung trả lời (sau khi bỏ phần trích dẫn thư cũ và chữ ký), nên chưa được ghi nhận.`,
  too_long: (code) => `Nội dung trả lời phiếu ${code ?? ''} dài quá 8.000 ký tự, nên chưa được ghi nhận.`,
  attachments: (code) =>
    `Tệp đính kèm của thư trả lời phiếu ${code ?? ''} không hợp lệ (chỉ nhận tối đa 3 tệp PDF, JPEG hoặc PNG, mỗi tệp tối đa 5 MB), nên thư chưa được ghi nhận.`,
  conflict: (code) =>
    `Phiếu ${code ?? ''} vừa thay đổi trạng thái trong lúc ghi nhận thư này, nên thư chưa được ghi nhận.`,
};

export function refusalMailVi(
  reason: RefusalReason,
  subject: string,
  ticketCode?: string,
): { subject: string; text: string } {
  const original = subject.trim();
  return {
    subject: `Chưa ghi nhận trả lời${original ? `: ${original}` : ''}`
      .replace(/\s+/g, ' ')
      .slice(0, 200)
      .normalize('NFC'),
    text: [
      'Kính gửi quý đơn vị,',
      '',
      WHY[reason](ticketCode).replace(/\s+/g, ' ').replace(' ,', ','),
      HOW_TO_ANSWER,
      '',
      'Thư này được gửi tự động, vui lòng không trả lời thư này.',
      'Tổng đài 1022',
    ]
      .join('\n')
      .normalize('NFC'),
  };
}
