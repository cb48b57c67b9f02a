import { Digest } from '../db/models/digest.model.js';
import { leaseIsFree } from '../mail/leased-send.js';
import { isDuplicateKeyError } from '../tickets/repository/ticket-repository.js';

export type DigestClaim = 'claimed' | 'already_sent' | 'busy';

/**
 * Claims the right to send the digest of `date`: the first claim inserts the day's document (its
 * date is unique), a later one may only take over a lease that ran out without the digest being
 * sent (a crashed sender). So a retried job, a second worker or a second scheduler tick sends nothing.
 */
export async function claimDigest(
  date: string,
  messageId: string,
  now: Date,
  leaseMs: number,
): Promise<DigestClaim> {
  const sendingUntil = new Date(now.getTime() + leaseMs);
  try {
    await Digest.create({ date, messageId, claimedAt: now, sendingUntil, attempts: 1 });
    return 'claimed';
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const taken = await Digest.findOneAndUpdate(
    { date, sentAt: null, ...leaseIsFree(now) },
    { $set: { sendingUntil }, $inc: { attempts: 1 } },
    { returnDocument: 'after', lean: true },
  );
  if (taken) return 'claimed';
  const existing = await Digest.findOne({ date }).lean();
  return existing?.sentAt ? 'already_sent' : 'busy';
}

export async function markDigestSent(date: string, now: Date): Promise<void> {
  await Digest.updateOne({ date }, { $set: { sentAt: now }, $unset: { sendingUntil: '', lastError: '' } });
}

/** Gives the claim back after a failed send, so the job's retry can claim it again at once. */
export async function releaseDigest(date: string, error: string): Promise<void> {
  await Digest.updateOne(
    { date, sentAt: null },
    { $set: { lastError: error.slice(0, 500) }, $unset: { sendingUntil: '' } },
  );
}

/** Where the digest of `date` stands: not claimed yet, being sent (lease held), sent, or waiting for a retry. */
export async function digestState(
  date: string,
  now: Date,
): Promise<{ sent: boolean; sending: boolean; attempts: number }> {
  const digest = await Digest.findOne({ date }).lean();
  return {
    sent: Boolean(digest?.sentAt),
    sending: Boolean(digest?.sendingUntil && digest.sendingUntil.getTime() > now.getTime()),
    attempts: digest?.attempts ?? 0,
  };
}
