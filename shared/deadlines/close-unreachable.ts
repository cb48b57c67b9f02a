import type { RuntimeDeps } from '../runtime-deps.js';
import { mailDomainOf, outboxMail } from '../mail/outbox.js';
import { enqueueFollowUps } from '../tickets/follow-ups.js';
import type { StoredTicket } from '../tickets/repository/ticket-repository.js';
import { applyTransition } from '../tickets/repository/ticket-transitions.js';

/** Why the unit is told not to answer any more (the `ticket_closed` notice's reason). */
export const UNREACHABLE_REASON_VI =
  'Không liên lạc được với người phản ánh để bổ sung thông tin trong thời hạn quy định; phiếu được đóng.';

/**
 * The "citizen unreachable" timer fired: nobody reached the citizen within `citizenWait.unreachableAfter`
 * after the unit asked. The ticket is closed as unreachable, the link withdrawn and the unit told,
 * in one update guarded by the timer's seq, so a reply recorded at the same moment wins or loses whole.
 */
export async function closeUnreachableCitizen(
  ctx: RuntimeDeps,
  ticket: StoredTicket,
  seq: number,
  now: Date,
): Promise<'closed' | 'stale'> {
  const ticketId = ticket._id.toString();
  const assignment = ticket.assignment;
  const unit = assignment ? ctx.domain.unit(assignment.unitCode) : undefined;
  const mails =
    assignment && unit
      ? [
          outboxMail({
            ticketId,
            key: `ticket-closed-${assignment.no}`,
            kind: 'ticket_closed',
            to: [unit.email],
            now,
            mailDomain: mailDomainOf(ctx.config.PUBLIC_BASE_URL),
            data: {
              unitCode: unit.code,
              unitName: unit.name,
              reason: UNREACHABLE_REASON_VI,
              closedBy: 'system',
            },
          }),
        ]
      : [];
  const result = await applyTransition(
    'closeUnreachable',
    { ticketId, nextSeq: seq },
    {
      set: {
        next: null,
        closure: { outcome: 'unreachable', note: UNREACHABLE_REASON_VI, closedAt: now },
        'citizenRequest.pausedNext': null,
        ...(assignment ? { 'assignment.revokedAt': now } : {}),
      },
      events: [
        {
          at: now,
          type: 'citizen_unreachable',
          actor: { kind: 'system', name: 'deadline' },
          data: { assignmentNo: assignment?.no, outcome: 'unreachable' },
        },
      ],
      mails,
    },
  );
  if (result.outcome === 'lost_race') return 'stale';
  await enqueueFollowUps(ctx.queues, result.ticket, now);
  ctx.log.info('ticket closed: citizen unreachable', { ticketCode: result.ticket.code });
  return 'closed';
}
