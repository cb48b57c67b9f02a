import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import { CLOSURE_OUTCOMES } from '../../shared/tickets/ticket-types.js';
import { AppError } from '../../shared/errors/app-error.js';
import { CLOSURE_REFUSED_VI } from '../../shared/errors/messages-vi.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import { cleanMultilineText } from '../../shared/text/clean-text.js';
import { rawText } from '../../shared/text/raw-text.js';
import { isSupportedInstant, UNSUPPORTED_YEAR_MESSAGE_VI } from '../../shared/calendar/supported-years.js';
import {
  findTicketByIdOrCode,
  type StoredTicket,
} from '../../shared/tickets/repository/ticket-repository.js';
import { parseInput } from '../http/validate-input.js';
import { applyTransition } from '../../shared/tickets/repository/ticket-transitions.js';
import { mailDomainOf, outboxMail } from '../../shared/mail/outbox.js';
import type { QueueSet } from '../../shared/queue/queues.js';
import type { Config } from '../../config/env.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';
import { enqueueFollowUps } from '../../shared/tickets/follow-ups.js';

/** A switchboard's clock may run a little ahead; more is a mistake. */
const MAX_FUTURE_SKEW_MS = 5 * 60_000;

export const ClosureInputSchema = z.strictObject({
  calledBackAt: z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value))
    .refine(isSupportedInstant, UNSUPPORTED_YEAR_MESSAGE_VI),
  outcome: z.enum(CLOSURE_OUTCOMES),
  note: rawText(2000).transform(cleanMultilineText).pipe(z.string().max(2000)).optional(),
});

function sameClosure(ticket: StoredTicket, input: z.output<typeof ClosureInputSchema>): boolean {
  return (
    ticket.closure?.calledBackAt?.getTime() === input.calledBackAt.getTime() &&
    ticket.closure?.outcome === input.outcome
  );
}

export interface CloseTicketDeps {
  clock: Clock;
  config: Pick<Config, 'PUBLIC_BASE_URL'>;
  domain: TicketDomain;
  queues: QueueSet;
}

/**
 * The operator called the citizen back (gọi lại công dân): the ticket is closed with the outcome.
 * Only an answered ticket can be closed. A retry of the same closure returns the closed ticket.
 * An `unsatisfied` citizen does not close it: the ticket goes before the Office Chief
 * (reopen_requested), who reopens it or closes it with a reason; the unit's link is withdrawn.
 */
export async function closeTicket(
  deps: CloseTicketDeps,
  staff: StaffPrincipal,
  idOrCode: string,
  body: unknown,
): Promise<StoredTicket> {
  const input = parseInput(ClosureInputSchema, body);
  const now = deps.clock();
  if (input.calledBackAt.getTime() > now.getTime() + MAX_FUTURE_SKEW_MS) {
    throw new AppError(400, 'VALIDATION_FAILED', {
      details: [{ path: 'calledBackAt', message: 'Thời điểm gọi lại không được muộn hơn hiện tại.' }],
    });
  }
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const ticket = await findTicketByIdOrCode(idOrCode);
    if (!ticket) throw new AppError(404, 'TICKET_NOT_FOUND');
    if (ticket.status === 'closed' || ticket.status === 'reopen_requested') {
      if (sameClosure(ticket, input)) return ticket;
      throw new AppError(409, 'INVALID_STATE', { message: CLOSURE_REFUSED_VI.closed });
    }
    if (ticket.status !== 'answered')
      throw new AppError(409, 'INVALID_STATE', { message: CLOSURE_REFUSED_VI.notAnswered });
    if (input.outcome === 'unsatisfied') {
      const reopened = await recordUnsatisfied(deps, staff, ticket, input, now);
      if (reopened) return reopened;
      continue;
    }
    const result = await applyTransition(
      'recordCallBack',
      // The answer link is withdrawn with the closure; an answered ticket always has its assignment.
      { ticketId: ticket._id.toString(), extra: { assignment: { $ne: null } } },
      {
        set: {
          closure: { ...input, closedAt: now, closedBy: { id: staff.id, name: staff.name } },
          next: null,
          'assignment.revokedAt': now,
        },
        events: [
          {
            at: now,
            type: 'closed',
            actor: { kind: 'staff', id: staff.id, name: staff.name },
            data: { outcome: input.outcome },
          },
        ],
      },
    );
    if (result.outcome === 'changed') return result.ticket;
    // Someone else changed it between the read and the update: look again once.
  }
  throw new AppError(409, 'CONFLICT');
}

/** The unsatisfied call-back: before the Office Chief, with an e-mail to them, in one guarded update. */
async function recordUnsatisfied(
  deps: CloseTicketDeps,
  staff: StaffPrincipal,
  ticket: StoredTicket,
  input: z.output<typeof ClosureInputSchema>,
  now: Date,
): Promise<StoredTicket | undefined> {
  const ticketId = ticket._id.toString();
  const assignmentNo = ticket.assignment?.no ?? 0;
  const result = await applyTransition(
    'recordUnsatisfiedCallBack',
    { ticketId, extra: { assignment: { $ne: null } } },
    {
      set: {
        closure: { calledBackAt: input.calledBackAt, outcome: input.outcome, note: input.note },
        next: null,
        'assignment.revokedAt': now,
      },
      events: [
        {
          at: now,
          type: 'call_back_unsatisfied',
          actor: { kind: 'staff', id: staff.id, name: staff.name },
          data: { outcome: input.outcome, assignmentNo, ...(input.note ? { note: input.note } : {}) },
        },
      ],
      mails: [
        outboxMail({
          ticketId,
          key: `call-back-unsatisfied-${assignmentNo}`,
          kind: 'call_back_unsatisfied',
          to: [deps.domain.officialEmail('officeChief')],
          now,
          mailDomain: mailDomainOf(deps.config.PUBLIC_BASE_URL),
          data: { officials: ['officeChief'], ...(input.note ? { note: input.note } : {}) },
        }),
      ],
    },
  );
  if (result.outcome === 'lost_race') return undefined;
  await enqueueFollowUps(deps.queues, result.ticket, now);
  return result.ticket;
}
