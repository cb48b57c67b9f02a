import { z } from 'zod';
import { AppError } from '../../shared/errors/app-error.js';
import { forwardingDelay } from '../../shared/forwarding/forwarding-delay.js';
import { mailDomainOf, outboxMail } from '../../shared/mail/outbox.js';
import { findDestination, type Destination } from '../../shared/organisation/destinations.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';
import { enqueueWebhook } from '../../shared/webhook/enqueue-webhook.js';
import { parseInput } from '../http/validate-input.js';
import {
  applyGuardedChange,
  checkExpected,
  ExpectedStateSchema,
  FormText,
  staffActor,
  unitNotice,
  type ActionDeps,
  type ActionOutcome,
} from './ticket-action.js';

export const ForwardFormSchema = ExpectedStateSchema.extend({
  destinationCode: z.string().regex(/^[A-Z0-9_]{2,16}$/, 'Vui lòng chọn nơi nhận phiếu.'),
  note: FormText(1),
});

/**
 * Where the Office Chief may forward from: a unit's pending "not ours", or the Office's own triage
 * (the ticket sits with the triage unit because no rule matched). Returns the extra guard that keeps
 * that condition true at the moment of the update.
 */
export function forwardingGuard(
  domain: TicketDomain,
  ticket: StoredTicket,
): Record<string, unknown> | undefined {
  if (!ticket.assignment) return undefined;
  if (ticket.status === 'transfer_requested' && ticket.transferRequest?.decision === 'pending') {
    return { 'transferRequest.decision': 'pending' };
  }
  const triageUnit = domain.table.triageUnit;
  if (ticket.status === 'assigned' && ticket.assignment.unitCode === triageUnit) {
    return { 'assignment.unitCode': triageUnit };
  }
  return undefined;
}

function destinationOf(deps: ActionDeps, code: string): Destination & { email: string } {
  const destination = findDestination(code, deps.config.DESTINATIONS_FILE);
  const problem = !destination
    ? 'Không có nơi nhận với mã này trong danh sách nơi chuyển phiếu.'
    : !destination.email
      ? `${destination.recipient} chưa có địa chỉ thư điện tử trong danh sách nơi chuyển phiếu, nên chưa thể chuyển phiếu qua hệ thống. Vui lòng chọn nơi khác, hoặc đề nghị quản trị viên bổ sung địa chỉ.`
      : undefined;
  if (problem) {
    throw new AppError(400, 'VALIDATION_FAILED', {
      details: [{ path: 'destinationCode', message: problem }],
    });
  }
  return destination as Destination & { email: string };
}

/**
 * The Office Chief forwards a ticket outside the Department (chuyển phiếu ra ngoài Sở) to a commune,
 * a ward or another provincial body from the destinations list, with a note: in one update guarded by
 * the state the page showed, the ticket is closed as forwarded (`forwarding`: where, when, and how many
 * working days after receipt; over 5 is late), the unit's link is withdrawn and the unit told, the
 * destination is owed one e-mail with the ticket (no answer link: the ticket is closed here), and the
 * switchboard one `ticket.forwarded` webhook. Two chiefs at once: the guard lets one win.
 */
export async function forwardTicket(
  deps: ActionDeps,
  staff: StaffPrincipal,
  ticket: StoredTicket,
  body: unknown,
): Promise<ActionOutcome> {
  const form = parseInput(ForwardFormSchema, body);
  const repeat = checkExpected(deps.domain, ticket, form);
  if (repeat) return repeat;
  const extraGuard = forwardingGuard(deps.domain, ticket);
  if (!extraGuard) {
    throw new AppError(409, 'INVALID_STATE', {
      message:
        'Chỉ chuyển phiếu ra ngoài Sở khi đơn vị đề nghị chuyển (không thuộc thẩm quyền) hoặc khi phiếu đang ở Văn phòng để phân loại.',
    });
  }
  const destination = destinationOf(deps, form.destinationCode);
  const now = deps.clock();
  const ticketId = ticket._id.toString();
  const assignment = ticket.assignment!;
  const actor = staffActor(staff);
  const delay = forwardingDelay(deps.domain.calendars.standard, ticket.receivedAt, now);
  const webhookOwed = Boolean(deps.config.SWITCHBOARD_WEBHOOK_URL && deps.config.SWITCHBOARD_WEBHOOK_SECRET);
  const set: Record<string, unknown> = {
    next: null,
    forwarding: {
      destinationCode: destination.code,
      destinationName: destination.name,
      recipient: destination.recipient,
      email: destination.email,
      note: form.note,
      forwardedAt: now,
      forwardedBy: { id: staff.id, name: staff.name },
      ...delay,
    },
    closure: { note: form.note, closedAt: now, closedBy: { id: staff.id, name: staff.name } },
    'assignment.revokedAt': now,
    ...(webhookOwed ? { webhookPending: true } : {}),
  };
  if (ticket.transferRequest?.decision === 'pending') {
    set['transferRequest.decision'] = 'accepted';
    set['transferRequest.decidedAt'] = now;
  }
  if (ticket.extensionRequest?.decision === 'pending') {
    set['extensionRequest.decision'] = 'refused';
    set['extensionRequest.decidedAt'] = now;
  }
  const toDestination = outboxMail({
    ticketId,
    key: 'forwarded-outside',
    kind: 'forwarded_outside',
    to: [destination.email],
    now,
    mailDomain: mailDomainOf(deps.config.PUBLIC_BASE_URL),
    data: { destinationName: destination.name, recipient: destination.recipient, note: form.note },
  });
  const toUnit = unitNotice(deps, {
    ticketId,
    unitCode: assignment.unitCode,
    key: `ticket-closed-${assignment.no}`,
    kind: 'ticket_closed',
    now,
    data: { reason: `Phiếu đã được chuyển đến ${destination.recipient} (ngoài Sở). ${form.note}` },
  });
  const outcome = await applyGuardedChange(deps, {
    transition: 'forwardOutside',
    ticketId,
    form,
    now,
    extraGuard,
    change: {
      set,
      events: [
        {
          at: now,
          type: 'forwarded_outside',
          actor,
          data: {
            formId: form.formId,
            destinationCode: destination.code,
            destinationName: destination.recipient,
            note: form.note,
            assignmentNo: assignment.no,
            previousStatus: ticket.status,
            ...delay,
          },
        },
      ],
      mails: [toDestination, ...toUnit],
    },
  });
  // Redis away: `webhookPending` is in MongoDB and the sweeper enqueues it later.
  if (outcome === 'done' && webhookOwed) await enqueueWebhook(deps.queues, ticketId);
  return outcome;
}
