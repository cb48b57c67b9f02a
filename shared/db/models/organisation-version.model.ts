import mongoose, { Schema } from 'mongoose';

/**
 * One version of the Department's organisation (units, categories, procedures, role holders, the
 * official calendars and the SLA policy's spans), as the `/admin` pages saved it. Versions are only ever added: the newest is in
 * force; restoring an older one adds a new version with its content. The unique `version` makes two
 * administrators saving at once conflict instead of one silently overwriting the other.
 */
const OrganisationVersionSchema = new Schema(
  {
    version: { type: Number, required: true },
    at: { type: Date, required: true },
    /** Who saved it: a staff member, or `seed` for the first start from the files in `config/`. */
    by: { type: new Schema({ email: String, name: String }, { _id: false }), required: true },
    /** What changed, in Vietnamese, one line per change (shown in the change history). */
    changes: { type: [String], default: [] },
    /** The version whose content a restore brought back. */
    restoredFrom: Number,
    /** The routing table as `config/departments.json` holds it. */
    table: { type: Schema.Types.Mixed, required: true },
    /** Official year schedules as `config/calendar/<year>.json` hold them. */
    calendar: { type: [Schema.Types.Mixed], default: [] },
    /**
     * The SLA policy (reply spans, per-category spans, reminder, escalation chain) as
     * `config/sla-policy.json` holds it. Absent in versions saved before the SLA page existed: the
     * policy file then applies.
     */
    policy: Schema.Types.Mixed,
  },
  { versionKey: false, minimize: false },
);
OrganisationVersionSchema.index({ version: 1 }, { unique: true });

export const OrganisationVersion = mongoose.model('OrganisationVersion', OrganisationVersionSchema);
