import { Ticket } from '../../db/models/ticket.model.js';
import type { NextAction } from '../ticket-types.js';
import { leaseIsFree } from '../../mail/leased-send.js';

/** What MongoDB says is owed, for the sweeper (Redis only carries reminders of it). */

export interface OwedTimer {
  ticketId: string;
  next: NextAction;
}

/** Tickets whose next timer (routing, reminder, escalation) was due by `cutoff`, earliest first. */
export async function findOwedTimers(cutoff: Date, limit: number): Promise<OwedTimer[]> {
  const owed = await Ticket.find({ 'next.dueAt': { $lte: cutoff } }, { next: 1 })
    .sort({ 'next.dueAt': 1 })
    .limit(limit)
    .lean<Array<{ _id: { toString(): string }; next?: NextAction | null }>>();
  return owed.flatMap((ticket) =>
    ticket.next ? [{ ticketId: ticket._id.toString(), next: ticket.next }] : [],
  );
}

export interface OwedSupportTimer {
  ticketId: string;
  supportNo: number;
  next: { seq: number; dueAt: Date };
}

/** Supporting units' timers (co-handling) due by `cutoff`; withdrawn ones are dropped when they fire. */
export async function findOwedSupportTimers(cutoff: Date, limit: number): Promise<OwedSupportTimer[]> {
  const owed = await Ticket.find({ 'supports.next.dueAt': { $lte: cutoff } }, { supports: 1 })
    .limit(limit)
    .lean<
      Array<{
        _id: { toString(): string };
        supports?: Array<{ no: number; next?: { seq: number; dueAt: Date } | null }>;
      }>
    >();
  return owed.flatMap((ticket) =>
    (ticket.supports ?? []).flatMap((support) =>
      support.next && support.next.dueAt.getTime() <= cutoff.getTime()
        ? [{ ticketId: ticket._id.toString(), supportNo: support.no, next: support.next }]
        : [],
    ),
  );
}

export interface OwedMail {
  ticketId: string;
  key: string;
  attempts: number;
}

/** Unsent, unfailed e-mails due by `cutoff` whose send lease (if any) has run out. */
export async function findOwedMails(cutoff: Date, now: Date, limit: number): Promise<OwedMail[]> {
  const unsent = await Ticket.find(
    {
      outbox: {
        $elemMatch: {
          sentAt: null,
          failedAt: null,
          notBefore: { $lte: cutoff },
          ...leaseIsFree(now),
        },
      },
    },
    { outbox: 1 },
  )
    .limit(limit)
    .lean();
  const owed: OwedMail[] = [];
  for (const ticket of unsent) {
    for (const mail of ticket.outbox) {
      if (mail.sentAt || mail.failedAt || mail.notBefore > cutoff) continue;
      if (mail.sendingUntil && mail.sendingUntil > now) continue;
      owed.push({ ticketId: ticket._id.toString(), key: mail.key, attempts: mail.attempts });
    }
  }
  return owed;
}

/** Tickets still owing the switchboard webhook `graceMs` after their answer or their forwarding outside. */
export async function findOwedWebhooks(now: Date, graceMs: number, limit: number): Promise<string[]> {
  const before = { $lte: new Date(now.getTime() - graceMs) };
  const owed = await Ticket.find(
    { webhookPending: true, $or: [{ 'answer.answeredAt': before }, { 'forwarding.forwardedAt': before }] },
    { _id: 1 },
  )
    .limit(limit)
    .lean();
  return owed.map((ticket) => ticket._id.toString());
}
