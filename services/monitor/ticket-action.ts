import { z } from 'zod';
import type { Config } from '../../config/env.js';
import type { Clock } from '../../shared/clock.js';
import { STATUSES, type Actor, type OutboxMail } from '../../shared/tickets/ticket-types.js';
import { AppError } from '../../shared/errors/app-error.js';
import { mailDomainOf, outboxMail } from '../../shared/mail/outbox.js';
import type { QueueSet } from '../../shared/queue/queues.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import { cleanMultilineText } from '../../shared/text/clean-text.js';
import { rawText } from '../../shared/text/raw-text.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';
import { isRepeatOf, type TransitionName } from '../../shared/tickets/lifecycle.js';
import { findTicketById, type StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import { applyTransition, type TicketChange } from '../../shared/tickets/repository/ticket-transitions.js';
import { describeLatestChangeVi } from './event-labels-vi.js';
import { enqueueFollowUps } from '../../shared/tickets/follow-ups.js';

/** What the Office Chief's actions need from the app context. */
export interface ActionDeps {
  config: Pick<
    Config,
    | 'LINK_SECRET'
    | 'PUBLIC_BASE_URL'
    | 'DESTINATIONS_FILE'
    | 'SWITCHBOARD_WEBHOOK_URL'
    | 'SWITCHBOARD_WEBHOOK_SECRET'
  >;
  domain: TicketDomain;
  queues: QueueSet;
  clock: Clock;
}

/** `done`: this submit changed the ticket; `repeat`: the same form had already done it (double click, resend). */
export type ActionOutcome = 'done' | 'repeat';

export const NOTE_MAX = 2000;

/** A reason or a note typed in a form: NFC, control characters removed, at most NOTE_MAX characters. */
export const FormText = (min: number) =>
  rawText(NOTE_MAX)
    .transform(cleanMultilineText)
    .pipe(z.string().min(min, 'Vui lòng nhập nội dung.').max(NOTE_MAX));

/**
 * Every action form says which state of the ticket the page showed (status and assignment number),
 * and carries a per-page id so a second submit of the same form is recognised.
 */
export const ExpectedStateSchema = z.object({
  formId: z.string().regex(/^[A-Za-z0-9_-]{16,40}$/),
  expectedStatus: z.enum(STATUSES),
  expectedNo: z.coerce.number().int().min(0),
});
export type ExpectedState = z.output<typeof ExpectedStateSchema>;

export function staffActor(staff: StaffPrincipal): Actor {
  return { kind: 'staff', id: staff.id, name: staff.name };
}

/** Refuses an action on a ticket the page showed in another state; a repeat of this very form is fine. */
export function checkExpected(
  domain: TicketDomain,
  ticket: StoredTicket,
  expected: ExpectedState,
): ActionOutcome | undefined {
  if (isRepeatOf(ticket, expected.formId)) return 'repeat';
  if (ticket.status !== expected.expectedStatus || (ticket.assignment?.no ?? 0) !== expected.expectedNo) {
    throw changedError(domain, ticket);
  }
  return undefined;
}

function changedError(domain: TicketDomain, ticket: StoredTicket): AppError {
  const latest = describeLatestChangeVi(domain, ticket.events ?? []);
  return new AppError(409, 'TICKET_CHANGED', {
    message: `Phiếu vừa được cập nhật${latest ? ` (${latest})` : ''} nên thao tác của anh/chị chưa được thực hiện. Vui lòng xem trạng thái mới rồi thao tác lại nếu cần.`,
  });
}

/** After a guarded update matched nothing: a repeat of this form, or a clear message of what changed. */
export async function explainLostRace(
  domain: TicketDomain,
  ticketId: string,
  formId: string,
): Promise<ActionOutcome> {
  const current = await findTicketById(ticketId);
  if (!current) throw new AppError(404, 'TICKET_NOT_FOUND');
  if (isRepeatOf(current, formId)) return 'repeat';
  throw changedError(domain, current);
}

/**
 * One guarded change of the Office Chief: applied only if the ticket is still in the state the page
 * showed (plus `extraGuard`); then what the new state owes (e-mails, the next timer) is enqueued.
 * When someone else changed the ticket first, says `repeat` for the same form or explains with a 409.
 */
export async function applyGuardedChange(
  deps: ActionDeps,
  change: {
    transition: TransitionName;
    ticketId: string;
    form: ExpectedState;
    extraGuard?: Record<string, unknown>;
    change: TicketChange;
    now: Date;
  },
): Promise<ActionOutcome> {
  const { ticketId, form, now } = change;
  const result = await applyTransition(
    change.transition,
    {
      ticketId,
      statuses: [form.expectedStatus],
      assignmentNo: form.expectedNo,
      ...(change.extraGuard ? { extra: change.extraGuard } : {}),
    },
    change.change,
  );
  if (result.outcome === 'lost_race') return explainLostRace(deps.domain, ticketId, form.formId);
  await enqueueFollowUps(deps.queues, result.ticket, now);
  return 'done';
}

/** A short notice to a unit about a decision on its ticket (kind = template name). */
export function unitNotice(
  deps: ActionDeps,
  input: {
    ticketId: string;
    unitCode: string;
    key: string;
    kind: string;
    now: Date;
    data?: Record<string, unknown>;
  },
): OutboxMail[] {
  const unit = deps.domain.unit(input.unitCode);
  if (!unit) return [];
  return [
    outboxMail({
      ticketId: input.ticketId,
      key: input.key,
      kind: input.kind,
      to: [unit.email],
      now: input.now,
      mailDomain: mailDomainOf(deps.config.PUBLIC_BASE_URL),
      data: { unitCode: unit.code, unitName: unit.name, ...input.data },
    }),
  ];
}
