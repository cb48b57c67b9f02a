import mongoose, { Schema } from 'mongoose';

/**
 * Sessions of staff pages (the operator page now, the dashboard later). The cookie holds a random
 * session id; only its sha256 is stored, so a database dump opens no session.
 */
const StaffSessionSchema = new Schema(
  {
    hash: { type: String, required: true },
    staffId: { type: Schema.Types.ObjectId, required: true, ref: 'Staff' },
    /** The API token the operator logged in with; revoking the token ends the session too. */
    apiTokenId: { type: Schema.Types.ObjectId, ref: 'ApiToken' },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    /** Last request made with the session (written at most once a minute), for the idle timeout. */
    lastSeenAt: Date,
    revokedAt: Date,
  },
  { versionKey: false },
);
StaffSessionSchema.index({ hash: 1 }, { unique: true });
// MongoDB deletes expired sessions by itself; the lookup checks expiresAt anyway.
StaffSessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const StaffSession = mongoose.model('StaffSession', StaffSessionSchema);
