import mongoose, { Schema } from 'mongoose';

/**
 * One document per message read from the replies' mailbox. Its `_id` (the Message-ID, else the
 * mailbox UID) is what makes a reply count once however many workers see it or however often a
 * crashed worker's message is seen again: the first to insert it handles it; a claim whose lease ran
 * out (the worker died) may be taken over.
 */
const InboundMailSchema = new Schema(
  {
    /** `mid:<Message-ID>`, or `uid:<mailbox>:<UIDVALIDITY>:<UID>` for a message without one. */
    _id: { type: String, required: true },
    messageId: String,
    mailbox: { type: String, required: true },
    uidValidity: { type: String, required: true },
    uid: { type: Number, required: true },
    state: { type: String, required: true, enum: ['claimed', 'done'] },
    claimedUntil: Date,
    attempts: { type: Number, default: 0 },
    /** What was done: `answered`, or why not (`unknown`, `withdrawn`, `answered_before`, `automatic`, …). */
    outcome: String,
    ticketId: String,
    /** When the one explanatory reply to the sender was handed to SMTP (refusals only). */
    replySentAt: Date,
    receivedAt: { type: Date, required: true },
    doneAt: Date,
  },
  { versionKey: false, _id: false },
);
InboundMailSchema.index({ mailbox: 1, uidValidity: 1, uid: 1 });

export const InboundMail = mongoose.model('InboundMail', InboundMailSchema);
