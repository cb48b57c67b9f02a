import { Ticket } from '../../db/models/ticket.model.js';
import type { OutboxMail } from '../ticket-types.js';
import { leaseIsFree } from '../../mail/leased-send.js';
import type { StoredTicket } from './ticket-repository.js';

/**
 * A ticket's outbox: the e-mails it is owed, each sent under a lease so that two workers never send
 * the same message at once (a crashed sender's lease runs out and another worker may try again).
 */

const NOTIFY_ACTOR = { kind: 'system', name: 'notify' } as const;

/** Takes the lease on an unsent, unfailed entry whose lease is free or has run out; null when there is none. */
export async function claimOutboxMail(
  ticketId: string,
  key: string,
  now: Date,
  leaseMs: number,
): Promise<{ ticket: StoredTicket; mail: StoredTicket['outbox'][number] } | null> {
  const claimed = await Ticket.findOneAndUpdate(
    {
      _id: ticketId,
      outbox: {
        $elemMatch: {
          key,
          sentAt: null,
          failedAt: null,
          ...leaseIsFree(now),
        },
      },
    },
    {
      $set: { 'outbox.$[m].sendingUntil': new Date(now.getTime() + leaseMs) },
      $inc: { 'outbox.$[m].attempts': 1 },
    },
    { arrayFilters: [{ 'm.key': key }], returnDocument: 'after', lean: true },
  );
  const mail = claimed?.outbox.find((item) => item.key === key);
  return claimed && mail ? { ticket: claimed as StoredTicket, mail } : null;
}

/**
 * The SMTP server (or the SMS gateway) accepted the message: `sentAt`, the lease ended, and an event:
 * `mail_sent`, or `citizen_notified` (with its channel) for a notice to the citizen.
 */
export async function recordOutboxSent(
  ticketId: string,
  key: string,
  kind: string,
  now: Date,
  notice?: { channel: 'email' | 'sms' },
): Promise<void> {
  const event = notice
    ? { at: now, type: 'citizen_notified', actor: NOTIFY_ACTOR, data: { key, kind, channel: notice.channel } }
    : { at: now, type: 'mail_sent', actor: NOTIFY_ACTOR, data: { key, kind } };
  await Ticket.updateOne(
    { _id: ticketId },
    {
      $set: { 'outbox.$[m].sentAt': now },
      $unset: { 'outbox.$[m].sendingUntil': '', 'outbox.$[m].lastError': '' },
      $push: { events: event },
    },
    { arrayFilters: [{ 'm.key': key }] },
  );
}

/** Hands the message back unsent (quiet hours: it waits for the office to open). */
export async function releaseOutboxLease(ticketId: string, key: string): Promise<void> {
  await Ticket.updateOne(
    { _id: ticketId },
    { $unset: { 'outbox.$[m].sendingUntil': '' } },
    { arrayFilters: [{ 'm.key': key }] },
  );
}

/** An attempt failed and another will follow: the error, the lease ended. */
export async function recordOutboxAttemptFailed(ticketId: string, key: string, error: string): Promise<void> {
  await Ticket.updateOne(
    { _id: ticketId },
    { $set: { 'outbox.$[m].lastError': error.slice(0, 500) }, $unset: { 'outbox.$[m].sendingUntil': '' } },
    { arrayFilters: [{ 'm.key': key }] },
  );
}

/**
 * A notice the citizen must no longer get (they opted out, the ticket was anonymised, no gateway is
 * configured any more): given up as `failedAt` with the reason, so neither the queue nor the sweeper
 * offers it again. No event and no alert: nothing went wrong.
 */
export async function withdrawOutboxMail(
  ticketId: string,
  key: string,
  reason: string,
  now: Date,
): Promise<void> {
  await Ticket.updateOne(
    { _id: ticketId },
    {
      $set: { 'outbox.$[m].failedAt': now, 'outbox.$[m].lastError': `withdrawn: ${reason}` },
      $unset: { 'outbox.$[m].sendingUntil': '' },
    },
    { arrayFilters: [{ 'm.key': key }] },
  );
}

/**
 * The last attempt failed: `failedAt`, a `mail_failed` event (`citizen_notice_failed` for a notice to
 * the citizen), and the alert it owes (if any) in the same update.
 */
export async function recordOutboxFailed(
  ticketId: string,
  mail: { key: string; kind: string; channel?: 'email' | 'sms' | null },
  error: string,
  now: Date,
  alert: OutboxMail | undefined,
  notice = false,
): Promise<void> {
  await Ticket.updateOne(
    { _id: ticketId },
    {
      $set: { 'outbox.$[m].failedAt': now, 'outbox.$[m].lastError': error.slice(0, 500) },
      $unset: { 'outbox.$[m].sendingUntil': '' },
      $push: {
        events: {
          at: now,
          type: notice ? 'citizen_notice_failed' : 'mail_failed',
          actor: NOTIFY_ACTOR,
          data: { key: mail.key, kind: mail.kind, ...(notice ? { channel: mail.channel ?? 'email' } : {}) },
        },
        ...(alert ? { outbox: alert } : {}),
      },
    },
    { arrayFilters: [{ 'm.key': mail.key }] },
  );
}
