import type { Config } from '../../config/env.js';
import {
  answerLinkExpiry,
  computeDeadline,
  firstTimer,
  type PlannedTimer,
} from '../deadlines/timer-plan.js';
import type { Actor, OutboxMail, Priority, TicketEvent } from '../tickets/ticket-types.js';
import { mailDomainOf, outboxMail } from '../mail/outbox.js';
import { answerLinkTokenHash, newAnswerLinkSalt } from '../security/answer-link.js';
import type { TicketDomain } from '../tickets/ticket-domain.js';
import { CONDUCT_CATEGORY } from './route-ticket.js';
import { INFORMED_NOTICE_KIND } from '../mail/mail-context.js';

export interface AssignmentPlan {
  assignment: {
    no: number;
    unitCode: string;
    informed: string[];
    assignedAt: Date;
    deadline: Date;
    tokenHash: string;
    tokenSalt: string;
    tokenExpiresAt: Date;
  };
  timer: PlannedTimer;
  /** The handling unit's e-mail (with the answer link), then the informed units' notice (without it). */
  mails: OutboxMail[];
  event: TicketEvent;
}

/**
 * Everything a new assignment sets on a ticket: unit, deadline, answer-link hash, the first timer,
 * the e-mail to the unit and the event. Used by routing and by the Office Chief's reassignment.
 */
export function planAssignment(
  domain: TicketDomain,
  config: Pick<Config, 'LINK_SECRET' | 'PUBLIC_BASE_URL'>,
  input: {
    ticketId: string;
    category: string;
    priority: Priority;
    no: number;
    unitCode: string;
    informed: string[];
    /** Receipt for the first assignment; the moment of reassignment afterwards. */
    from: Date;
    now: Date;
    actor: Actor;
    eventData?: Record<string, unknown>;
  },
): AssignmentPlan {
  const unit = domain.unit(input.unitCode);
  if (!unit) throw new Error(`unknown unit ${input.unitCode}`);
  const calendar = domain.calendars.forUnit(unit.code);
  const deadline = computeDeadline(domain.policy, calendar, input);
  const tokenSalt = newAnswerLinkSalt();
  const assignment = {
    no: input.no,
    unitCode: unit.code,
    informed: input.informed,
    assignedAt: input.now,
    deadline,
    tokenHash: answerLinkTokenHash(config.LINK_SECRET, input.ticketId, input.no, tokenSalt),
    tokenSalt,
    tokenExpiresAt: answerLinkExpiry(domain.policy, deadline),
  };
  const mailDomain = mailDomainOf(config.PUBLIC_BASE_URL);
  // Informed units get their own notice: a copy of the handling unit's e-mail would hand them its
  // answer link (they could say "not ours" on its behalf) and, for conduct complaints, the
  // complainant's identity (issue 14, finding 2).
  const informedUnits = input.informed.flatMap((code) => {
    const informed = domain.unit(code);
    return informed && informed.email !== unit.email ? [informed] : [];
  });
  const informedEmails = informedUnits.map((informed) => informed.email);
  const mails = [
    outboxMail({
      ticketId: input.ticketId,
      key: `assign-${input.no}`,
      kind: 'assign',
      to: [unit.email],
      now: input.now,
      mailDomain,
      data: { assignmentNo: input.no },
    }),
  ];
  if (informedEmails.length > 0) {
    mails.push(
      outboxMail({
        ticketId: input.ticketId,
        key: `assign-${input.no}-informed`,
        kind: INFORMED_NOTICE_KIND,
        to: informedEmails,
        now: input.now,
        mailDomain,
        data: {
          assignmentNo: input.no,
          informedUnitNames: informedUnits.map((informed) => informed.name).join(', '),
          hideCitizen: input.category === CONDUCT_CATEGORY,
        },
      }),
    );
  }
  return {
    assignment,
    timer: firstTimer(domain.policy, calendar, assignment, input.now),
    mails,
    event: {
      at: input.now,
      type: input.no === 1 ? 'assigned' : 'reassigned',
      actor: input.actor,
      // The link hash stays in the log after a reassignment, so the old link is told apart as revoked.
      data: {
        assignmentNo: input.no,
        unitCode: unit.code,
        informed: input.informed,
        deadline,
        tokenHash: assignment.tokenHash,
        ...input.eventData,
      },
    },
  };
}
