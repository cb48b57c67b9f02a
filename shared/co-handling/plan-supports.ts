import type { Config } from '../../config/env.js';
import { answerLinkExpiry } from '../deadlines/timer-plan.js';
import { firstSupportTimer, supportDeadline } from '../deadlines/support-timer-plan.js';
import { mailDomainOf, outboxMail } from '../mail/outbox.js';
import { newAnswerLinkSalt } from '../security/answer-link.js';
import { supportLinkTokenHash } from '../security/support-link.js';
import { freshSupportSeq, type SupportRecord } from '../tickets/co-handling.js';
import type { TicketDomain } from '../tickets/ticket-domain.js';
import type { Actor, OutboxMail, Priority, TicketEvent } from '../tickets/ticket-types.js';

export interface SupportsPlan {
  supports: SupportRecord[];
  mails: OutboxMail[];
  events: TicketEvent[];
}

/**
 * Everything naming supporting units writes (co-handling): for each unit a support with the next
 * number, its own link hash, its input deadline (shared/deadlines/support-timer-plan.ts) and first
 * timer, the e-mail with its link, and one event with who asked and each unit's deadline.
 */
export function planSupports(
  domain: TicketDomain,
  config: Pick<Config, 'LINK_SECRET' | 'PUBLIC_BASE_URL'>,
  ticket: {
    _id: { toString(): string };
    status: string;
    priority: string;
    category: string;
    assignment: { no: number; deadline: Date };
    supports?: readonly unknown[] | null;
    events?: readonly unknown[] | null;
  },
  request: { unitCodes: string[]; note?: string; now: Date; actor: Actor; formId: string },
): SupportsPlan {
  const ticketId = ticket._id.toString();
  const { now } = request;
  const mailDomain = mailDomainOf(config.PUBLIC_BASE_URL);
  const firstNo = (ticket.supports?.length ?? 0) + 1;
  // Named while the lead waits on the citizen: its timer starts set aside, like the others', and
  // comes back (moved by the wait since it was asked) when the citizen's reply is recorded.
  const paused = ticket.status === 'waiting_citizen';
  const supports = request.unitCodes.map((unitCode, index): SupportRecord => {
    const no = firstNo + index;
    const calendar = domain.calendars.forUnit(unitCode);
    const deadline = supportDeadline(
      domain.policy,
      calendar,
      { priority: ticket.priority as Priority, category: ticket.category },
      now,
      ticket.assignment.deadline,
    );
    const tokenSalt = newAnswerLinkSalt();
    const timer = firstSupportTimer(domain.policy, calendar, { requestedAt: now, deadline }, now);
    return {
      no,
      assignmentNo: ticket.assignment.no,
      unitCode,
      requestedAt: now,
      requestedBy: { id: request.actor.id, name: request.actor.name },
      ...(request.note ? { note: request.note } : {}),
      deadline,
      tokenHash: supportLinkTokenHash(config.LINK_SECRET, ticketId, no, tokenSalt),
      tokenSalt,
      tokenExpiresAt: answerLinkExpiry(domain.policy, deadline),
      ...(paused
        ? { next: null, pausedNext: { ...timer, seq: freshSupportSeq({ next: null }, ticket) } }
        : { next: { ...timer, seq: freshSupportSeq({ next: null }, ticket) } }),
      submittedAt: null,
      input: null,
    };
  });
  const mails = supports.flatMap((support) => {
    const unit = domain.unit(support.unitCode);
    return unit
      ? [
          outboxMail({
            ticketId,
            key: `support-assign-${support.no}`,
            kind: 'support_assign',
            to: [unit.email],
            now,
            mailDomain,
            data: { supportNo: support.no, assignmentNo: ticket.assignment.no },
          }),
        ]
      : [];
  });
  const events: TicketEvent[] = [
    {
      at: now,
      type: 'support_requested',
      actor: request.actor,
      data: {
        formId: request.formId,
        assignmentNo: ticket.assignment.no,
        ...(request.note ? { note: request.note } : {}),
        // Each support's link hash stays in the log: the link answers "withdrawn", never "unknown".
        supports: supports.map((support) => ({
          supportNo: support.no,
          unitCode: support.unitCode,
          deadline: support.deadline,
          tokenHash: support.tokenHash,
        })),
      },
    },
  ];
  return { supports, mails, events };
}
