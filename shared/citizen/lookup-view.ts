import type { TicketStatus } from '../tickets/ticket-types.js';
import { CITIZEN_STATUS_VI } from './citizen-status-vi.js';

/** The few facts of a ticket its caller may read on the public look-up page; nothing else leaves. */
export interface CitizenLookupView {
  code: string;
  receivedAt: Date;
  status: string;
  unitName?: string;
  /** While a unit still owes the answer. */
  deadline?: Date;
  answer?: { text: string; answeredAt?: Date };
}

export interface LookupTicket {
  code: string;
  receivedAt: Date;
  status: TicketStatus;
  confidential?: boolean;
  citizen?: { phone?: string; anonymous?: boolean };
  assignment?: { unitCode?: string; deadline?: Date } | null;
  answer?: { text?: string; answeredAt?: Date } | null;
  intakeAnswer?: { text?: string; answeredAt?: Date } | null;
  forwarding?: { forwardedAt?: Date | null; recipient?: string | null } | null;
}

const OWES_ANSWER: ReadonlySet<TicketStatus> = new Set(['assigned', 'transfer_requested']);

/**
 * True when the last four digits match the phone the caller gave. Anonymous calls and anonymised
 * tickets have no phone and never match. Only digits count: "+84 912 345 678" ends in 5678.
 */
export function phoneEndsWith(ticket: LookupTicket, lastFour: string): boolean {
  const digits = (ticket.citizen?.phone ?? '').replace(/\D/g, '');
  if (ticket.citizen?.anonymous || digits.length < 4) return false;
  const expected = digits.slice(-4);
  let difference = 0;
  for (let i = 0; i < 4; i++) difference |= expected.charCodeAt(i) ^ lastFour.charCodeAt(i);
  return difference === 0;
}

/**
 * What the caller sees. The answer is shown once the unit (or the operator during the call) gave
 * it, except for a ticket kept confidential, whose answer the operator tells by phone only.
 */
export function citizenLookupView(
  ticket: LookupTicket,
  unitName: (code: string) => string | undefined,
): CitizenLookupView {
  const answer = ticket.status === 'resolved_at_intake' ? ticket.intakeAnswer : ticket.answer;
  const answered = ['answered', 'closed', 'resolved_at_intake'].includes(ticket.status);
  if (ticket.forwarding?.forwardedAt) {
    // Forwarded outside the Department: the body named there answers, by its own channels.
    return {
      code: ticket.code,
      receivedAt: ticket.receivedAt,
      status: `Nội dung không thuộc thẩm quyền của Sở; đã được chuyển đến ${ticket.forwarding.recipient ?? 'cơ quan có thẩm quyền'} để xem xét, giải quyết và trả lời ông/bà.`,
    };
  }
  const unitCode = ticket.assignment?.unitCode;
  return {
    code: ticket.code,
    receivedAt: ticket.receivedAt,
    status: CITIZEN_STATUS_VI[ticket.status],
    ...(unitCode ? { unitName: unitName(unitCode) ?? unitCode } : {}),
    ...(OWES_ANSWER.has(ticket.status) && ticket.assignment?.deadline
      ? { deadline: ticket.assignment.deadline }
      : {}),
    ...(answered && answer?.text && !ticket.confidential
      ? { answer: { text: answer.text, ...(answer.answeredAt ? { answeredAt: answer.answeredAt } : {}) } }
      : {}),
  };
}
