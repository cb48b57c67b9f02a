import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const STAFF_ROLES = ['operator', 'chief', 'reviewer', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** What an API token may do: `intake` logs calls (POST /tickets), `read` reads tickets. */
export const API_TOKEN_SCOPES = ['intake', 'read'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

const StaffSchema = new Schema(
  {
    name: { type: String, required: true },
    email: { type: String, required: true, lowercase: true, trim: true },
    role: { type: String, required: true, enum: STAFF_ROLES },
    disabledAt: Date,
  },
  { timestamps: true },
);
StaffSchema.index({ email: 1 }, { unique: true });

/** API tokens: only a hash is stored; the token is shown once when created. */
const ApiTokenSchema = new Schema(
  {
    staffId: { type: Schema.Types.ObjectId, required: true, ref: 'Staff' },
    hash: { type: String, required: true },
    /** First characters of the token, to tell tokens apart in listings without revealing them. */
    prefix: { type: String, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: Date,
    lastUsedAt: Date,
    /** After this instant the token is refused (401 TOKEN_EXPIRED). Absent: it never expires (tokens issued before expiry existed). */
    expiresAt: Date,
    /** What the token may do. Absent (tokens issued before scopes existed): every scope. */
    scopes: { type: [{ type: String, enum: API_TOKEN_SCOPES }], default: undefined },
    /**
     * The owner as the API needs it, copied when the token is issued (staff names, e-mails and roles
     * do not change), so that authenticating a request is one look-up. Absent on older tokens: the
     * staff record is read instead.
     */
    owner: {
      type: new Schema(
        { name: String, email: String, role: { type: String, enum: STAFF_ROLES } },
        { _id: false },
      ),
      default: undefined,
    },
    /** Copied from the owner's `disabledAt` whenever the account is locked or unlocked. */
    ownerDisabledAt: Date,
  },
  { versionKey: false },
);
ApiTokenSchema.index({ hash: 1 }, { unique: true });
ApiTokenSchema.index({ staffId: 1 });

export type StaffRecord = InferSchemaType<typeof StaffSchema> & { _id: mongoose.Types.ObjectId };

export const Staff = mongoose.model('Staff', StaffSchema);
export const ApiToken = mongoose.model('ApiToken', ApiTokenSchema);
