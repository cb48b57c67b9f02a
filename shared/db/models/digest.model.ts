import mongoose, { Schema } from 'mongoose';

/**
 * One document per daily digest (Vietnamese calendar date). The unique date is what makes the
 * digest go out once however many workers or retries run: the first to claim it sends it.
 */
const DigestSchema = new Schema(
  {
    /** `YYYY-MM-DD` in Asia/Ho_Chi_Minh. */
    date: { type: String, required: true },
    messageId: { type: String, required: true },
    claimedAt: { type: Date, required: true },
    /** Lease of the worker sending it; a crashed sender's lease runs out and another may retry. */
    sendingUntil: Date,
    sentAt: Date,
    attempts: { type: Number, default: 0 },
    lastError: String,
  },
  { versionKey: false },
);
DigestSchema.index({ date: 1 }, { unique: true });

export const Digest = mongoose.model('Digest', DigestSchema);
