import type { Config } from '../../config/env.js';
import type { Clock } from '../clock.js';
import type { Actor } from '../tickets/ticket-types.js';
import { AppError } from '../errors/app-error.js';
import { mailDomainOf, outboxMail } from '../mail/outbox.js';
import { enqueueMail } from '../queue/enqueue.js';
import type { QueueSet } from '../queue/queues.js';
import type { TicketDomain } from '../tickets/ticket-domain.js';
import { isRepeatOf, type TransitionName } from '../tickets/lifecycle.js';
import { findTicketById, type StoredTicket } from '../tickets/repository/ticket-repository.js';
import { applyTransition } from '../tickets/repository/ticket-transitions.js';
import { alreadyAnsweredVi } from './already-answered-vi.js';
import type { LinkedTicket } from './resolve-answer-link.js';

/** What the unit's use cases need from the app context. */
export interface UnitActionDeps {
  config: Pick<
    Config,
    | 'LINK_SECRET'
    | 'PUBLIC_BASE_URL'
    | 'OPERATORS_EMAIL'
    | 'DATA_DIR'
    | 'SWITCHBOARD_WEBHOOK_URL'
    | 'SWITCHBOARD_WEBHOOK_SECRET'
    | 'SMS_GATEWAY_URL'
    | 'NOTIFY_OUTSIDE_OFFICE_HOURS'
  >;
  domain: TicketDomain;
  queues: QueueSet;
  clock: Clock;
}

/** `done`: this submit changed the ticket; `repeat`: the same form had already done it (double click, back button). */
export type ActionOutcome = 'done' | 'repeat';

export type UnitEventType =
  'answered' | 'transfer_requested' | 'extension_requested' | 'citizen_info_requested';

export function unitActor(linked: LinkedTicket, personName: string): Actor {
  return { kind: 'unit', id: linked.assignment.unitCode, name: personName };
}

export function personLabel(name: string, position: string): string {
  return `${name} (${position})`;
}

/** Refuses any action on a ticket that already has its answer: says who answered and when. */
export function refuseIfAnswered(ticket: StoredTicket): void {
  if (ticket.status === 'answered' || ticket.status === 'closed') {
    throw new AppError(409, 'TICKET_ALREADY_ANSWERED', { message: alreadyAnsweredVi(ticket.answer ?? {}) });
  }
}

/**
 * After a guarded update matched nothing: re-read the ticket to say why. The same form recorded
 * meanwhile is a repeat; otherwise the error tells what changed (answered, reassigned, …).
 */
export async function explainLostRace(
  linked: LinkedTicket,
  type: UnitEventType,
  formId: string,
  refuse: (ticket: StoredTicket) => void,
): Promise<ActionOutcome> {
  const current = await findTicketById(linked.ticketId);
  if (!current) throw new AppError(404, 'LINK_NOT_FOUND');
  if (isRepeatOf(current, formId, type)) return 'repeat';
  if (current.assignment?.no !== linked.assignment.no) throw new AppError(410, 'LINK_REVOKED');
  if (current.status === 'closed') throw new AppError(410, 'LINK_CLOSED');
  refuseIfAnswered(current);
  refuse(current);
  throw new AppError(409, 'CONFLICT');
}

/**
 * A unit's request that the Office Chief decides ("not ours", more time): one guarded update records
 * it with its event and the e-mail to the Office Chief, then the e-mail is enqueued. A lost race is
 * explained (or recognised as the same form sent twice).
 */
export async function recordRequestToOfficeChief(
  deps: UnitActionDeps,
  linked: LinkedTicket,
  request: {
    type: Exclude<UnitEventType, 'answered' | 'citizen_info_requested'>;
    transition: Extract<TransitionName, 'requestTransfer' | 'requestExtension'>;
    formId: string;
    personName: string;
    now: Date;
    extraGuard?: Record<string, unknown>;
    set: Record<string, unknown>;
    eventData: Record<string, unknown>;
    mailKey: string;
    mailData: Record<string, unknown>;
    refuse: (ticket: StoredTicket) => void;
  },
): Promise<ActionOutcome> {
  const { ticketId, assignment } = linked;
  const { type, formId, now } = request;
  const mail = outboxMail({
    ticketId,
    key: request.mailKey,
    kind: type,
    to: [deps.domain.officialEmail('officeChief')],
    now,
    mailDomain: mailDomainOf(deps.config.PUBLIC_BASE_URL),
    data: { assignmentNo: assignment.no, officials: ['officeChief'], ...request.mailData },
  });
  const result = await applyTransition(
    request.transition,
    {
      ticketId,
      assignmentNo: assignment.no,
      tokenHash: linked.tokenHash,
      ...(request.extraGuard ? { extra: request.extraGuard } : {}),
    },
    {
      set: request.set,
      events: [
        {
          at: now,
          type,
          actor: unitActor(linked, request.personName),
          data: { assignmentNo: assignment.no, formId, ...request.eventData },
        },
      ],
      mails: [mail],
    },
  );
  if (result.outcome === 'lost_race') return explainLostRace(linked, type, formId, request.refuse);
  await enqueueMail(deps.queues, ticketId, mail.key, mail.notBefore, { now });
  return 'done';
}
