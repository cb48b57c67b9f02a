import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const STAFF_ROLES = ['operator', 'chief', 'reviewer', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

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
  },
  { versionKey: false },
);
ApiTokenSchema.index({ hash: 1 }, { unique: true });
ApiTokenSchema.index({ staffId: 1 });

export type StaffRecord = InferSchemaType<typeof StaffSchema> & { _id: mongoose.Types.ObjectId };

export const Staff = mongoose.model('Staff', StaffSchema);
export const ApiToken = mongoose.model('ApiToken', ApiTokenSchema);
