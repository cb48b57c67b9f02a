import { z } from 'zod';
import type { Config } from '../../config/env.js';
import type { Clock } from '../../shared/clock.js';
import {
  answerLinkExpiry,
  pausedTime,
  resumedTimer,
  shiftedByPause,
} from '../../shared/deadlines/timer-plan.js';
import { AppError } from '../../shared/errors/app-error.js';
import { mailDomainOf, outboxMail } from '../../shared/mail/outbox.js';
import type { QueueSet } from '../../shared/queue/queues.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import { cleanMultilineText } from '../../shared/text/clean-text.js';
import { rawText } from '../../shared/text/raw-text.js';
import { resumeSupports } from '../../shared/co-handling/support-pause.js';
import { enqueueFollowUps } from '../../shared/tickets/follow-ups.js';
import { nextTimer } from '../../shared/tickets/lifecycle.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';
import type { Priority, UnitTimer } from '../../shared/tickets/ticket-types.js';
import {
  findTicketByIdOrCode,
  type StoredTicket,
} from '../../shared/tickets/repository/ticket-repository.js';
import { applyTransition } from '../../shared/tickets/repository/ticket-transitions.js';
import { parseInput } from '../http/validate-input.js';

export const REPLY_MAX = 4000;

export const CitizenReplyInputSchema = z.strictObject({
  reply: rawText(REPLY_MAX, 'Vui lòng nhập thông tin người phản ánh đã bổ sung.')
    .transform(cleanMultilineText)
    .pipe(
      z
        .string()
        .min(1, 'Vui lòng nhập thông tin người phản ánh đã bổ sung.')
        .max(REPLY_MAX, `Tối đa ${REPLY_MAX} ký tự.`),
    ),
});

export interface CitizenReplyDeps {
  config: Pick<Config, 'PUBLIC_BASE_URL'>;
  domain: TicketDomain;
  queues: QueueSet;
  clock: Clock;
}

function sameReply(ticket: StoredTicket, reply: string): boolean {
  return Boolean(ticket.citizenRequest?.repliedAt) && ticket.citizenRequest?.reply === reply;
}

/**
 * The operator reached the citizen and records what they said (bổ sung thông tin). The clock resumes:
 * the deadline and the unit's set-aside timer move later by the time the wait took (office time, see
 * `pausedTime`), the answer link lives as long past the new deadline, and the unit is e-mailed the
 * information with its link; each supporting unit still owing its input has its deadline, link and
 * timer moved the same way (fresh seqs), all in one guarded update. A retry of the same reply returns the ticket.
 */
export async function recordCitizenReply(
  deps: CitizenReplyDeps,
  staff: StaffPrincipal,
  idOrCode: string,
  body: unknown,
): Promise<StoredTicket> {
  const input = parseInput(CitizenReplyInputSchema, body);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const ticket = await findTicketByIdOrCode(idOrCode);
    if (!ticket) throw new AppError(404, 'TICKET_NOT_FOUND');
    if (ticket.status !== 'waiting_citizen') {
      if (sameReply(ticket, input.reply)) return ticket;
      throw new AppError(409, 'NOT_WAITING_CITIZEN');
    }
    const request = ticket.citizenRequest;
    const assignment = ticket.assignment;
    if (!request?.requestedAt || !assignment) throw new AppError(409, 'NOT_WAITING_CITIZEN');
    const now = deps.clock();
    const ticketId = ticket._id.toString();
    const basis = {
      policy: deps.domain.policy,
      calendar: deps.domain.calendars.forUnit(assignment.unitCode),
      ticket: { priority: ticket.priority as Priority, category: ticket.category },
    };
    const pausedMs = pausedTime(basis, request.requestedAt, now);
    const deadline = shiftedByPause(basis, assignment.deadline, pausedMs);
    const timer = resumedTimer(basis, request.pausedNext as UnitTimer | null, pausedMs);
    // The supporting units' deadlines and timers resume with the lead's (shared/co-handling/support-pause.ts).
    const supports = resumeSupports(ticket, request.requestedAt, now, (unitCode) => ({
      ...basis,
      calendar: deps.domain.calendars.forUnit(unitCode),
    }));
    const unit = deps.domain.unit(assignment.unitCode);
    const mail = outboxMail({
      ticketId,
      key: `citizen-info-received-${assignment.no}-${request.requestedAt.getTime()}`,
      kind: 'citizen_info_received',
      to: unit ? [unit.email] : [],
      now,
      mailDomain: mailDomainOf(deps.config.PUBLIC_BASE_URL),
      data: {
        assignmentNo: assignment.no,
        unitCode: assignment.unitCode,
        unitName: unit?.name,
        question: request.question,
        reply: input.reply,
        deadline,
        previousDeadline: assignment.deadline,
      },
    });
    const result = await applyTransition(
      'recordCitizenReply',
      {
        ticketId,
        assignmentNo: assignment.no,
        extra: { 'citizenRequest.requestedAt': request.requestedAt, ...supports.guard },
      },
      {
        set: {
          'citizenRequest.reply': input.reply,
          'citizenRequest.repliedAt': now,
          'citizenRequest.repliedBy': { id: staff.id, name: staff.name },
          'citizenRequest.pausedMs': pausedMs,
          'citizenRequest.pausedNext': null,
          'assignment.deadline': deadline,
          'assignment.tokenExpiresAt': answerLinkExpiry(deps.domain.policy, deadline),
          next: nextTimer(timer, ticket),
          ...supports.set,
        },
        events: [
          {
            at: now,
            type: 'citizen_info_recorded',
            actor: { kind: 'staff', id: staff.id, name: staff.name },
            data: {
              assignmentNo: assignment.no,
              text: input.reply,
              pausedMs,
              previousDeadline: assignment.deadline,
              deadline,
              ...(supports.moved.length > 0 ? { supports: supports.moved } : {}),
            },
          },
        ],
        mails: [mail],
      },
    );
    if (result.outcome === 'changed') {
      await enqueueFollowUps(deps.queues, result.ticket, now);
      return result.ticket;
    }
    // Someone else changed it between the read and the update (the unreachable timer, a second
    // operator): look again once, which recognises a retry of this same reply.
  }
  throw new AppError(409, 'CONFLICT');
}
