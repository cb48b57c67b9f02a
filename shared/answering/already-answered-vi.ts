import { formatDateTimeVi } from '../time/format-vi.js';

/** Said to a unit that acts on a ticket someone already answered (the page and the reply to an e-mail). */
export function alreadyAnsweredVi(answer: {
  responderName?: string | null;
  responderPosition?: string | null;
  answeredAt?: Date | null;
}): string {
  const who = [answer.responderName, answer.responderPosition].filter(Boolean).join(', ');
  const when = answer.answeredAt ? ` lúc ${formatDateTimeVi(answer.answeredAt)}` : '';
  return `Phiếu đã được trả lời${who ? ` bởi ${who}` : ''}${when}. Nội dung trả lời đã ghi nhận được hiển thị bên dưới.`.normalize(
    'NFC',
  );
}
