import { InboundMail } from '../db/models/inbound-mail.model.js';

/** How long a worker holds a message before another may take it over (its worker died). */
export const CLAIM_LEASE_MS = 2 * 60_000;

export interface MailboxPosition {
  mailbox: string;
  uidValidity: string;
  uid: number;
}

export type Claim =
  | { kind: 'claimed'; key: string }
  /** Handled before (another copy, another worker, or a worker that died before moving it): only file it. */
  | { kind: 'done'; key: string; outcome: string }
  /** Another worker holds it right now: leave it alone. */
  | { kind: 'busy'; key: string };

/** The key a message counts once under: its Message-ID, else its place in the mailbox. */
export function inboundKey(messageId: string | undefined, position: MailboxPosition): string {
  return messageId ? `mid:${messageId}` : `uid:${position.mailbox}:${position.uidValidity}:${position.uid}`;
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown }).code === 11000;
}

export async function claimInboundMail(
  messageId: string | undefined,
  position: MailboxPosition,
  now: Date,
): Promise<Claim> {
  const key = inboundKey(messageId, position);
  const claimedUntil = new Date(now.getTime() + CLAIM_LEASE_MS);
  try {
    await InboundMail.create({
      _id: key,
      ...(messageId ? { messageId } : {}),
      ...position,
      state: 'claimed',
      claimedUntil,
      attempts: 1,
      receivedAt: now,
    });
    return { kind: 'claimed', key };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const takenOver = await InboundMail.findOneAndUpdate(
    { _id: key, state: 'claimed', claimedUntil: { $lte: now } },
    { $set: { claimedUntil }, $inc: { attempts: 1 } },
    { returnDocument: 'after', lean: true },
  );
  if (takenOver) return { kind: 'claimed', key };
  const existing = await InboundMail.findById(key).lean();
  if (existing?.state === 'done') return { kind: 'done', key, outcome: existing.outcome ?? '' };
  return { kind: 'busy', key };
}

export async function markReplySent(key: string, now: Date): Promise<void> {
  await InboundMail.updateOne({ _id: key }, { $set: { replySentAt: now } });
}

export async function replyAlreadySent(key: string): Promise<boolean> {
  return Boolean((await InboundMail.findById(key).lean())?.replySentAt);
}

export async function completeInboundMail(
  key: string,
  result: { outcome: string; ticketId?: string },
  now: Date,
): Promise<void> {
  await InboundMail.updateOne(
    { _id: key },
    {
      $set: {
        state: 'done',
        outcome: result.outcome,
        doneAt: now,
        ...(result.ticketId ? { ticketId: result.ticketId } : {}),
      },
      $unset: { claimedUntil: '' },
    },
  );
}

/** A claim given back after a failure (MongoDB or SMTP away): the next check tries again at once. */
export async function releaseInboundMail(key: string): Promise<void> {
  await InboundMail.updateOne({ _id: key, state: 'claimed' }, { $set: { claimedUntil: new Date(0) } });
}
