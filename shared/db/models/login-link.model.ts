import mongoose, { Schema } from 'mongoose';

/**
 * Single-use links that log staff into the dashboard. The token is an HMAC of the id and a random
 * salt (re-derived by the worker that e-mails it); only its sha256 is stored, so a database dump
 * opens nothing.
 */
const LoginLinkSchema = new Schema(
  {
    staffId: { type: Schema.Types.ObjectId, required: true, ref: 'Staff' },
    hash: { type: String, required: true },
    salt: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    /** Dashboard page to open after login (checked to be a `/monitor` path before it is stored). */
    returnTo: String,
    /** Set when the link is consumed; a second use finds it set and is refused. */
    usedAt: Date,
    /** Lease of the worker e-mailing the link, so that two workers never send it together. */
    sendingUntil: Date,
    sentAt: Date,
    attempts: { type: Number, default: 0 },
  },
  { versionKey: false },
);
LoginLinkSchema.index({ hash: 1 }, { unique: true });
// Expired links are useless; MongoDB removes them a day later (the lookup checks expiresAt anyway).
LoginLinkSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 24 * 3600 });

export const LoginLink = mongoose.model('LoginLink', LoginLinkSchema);
