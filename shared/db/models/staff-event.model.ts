import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * What staff (and units, through their answer links) did outside a ticket's own event log, and every
 * time someone saw a citizen's identity (issue 14 "staff actions are events too", issue 16 "access
 * log"): insert-only. Nothing in the service updates or deletes a row; shared/audit/ exposes insert
 * and find only, and no HTTP route writes to it.
 */
export const STAFF_EVENT_KINDS = [
  'login_link_sent', // a dashboard login link was issued for this account
  'login', // a login link (or an operator token) opened a session
  'login_failed', // an unknown, used or expired login link; a wrong operator token; a link asked for an unknown address
  'logout',
  'token_created',
  'token_revoked',
  'account_enabled', // a locked account unlocked (locking is a token_revoked with command `disable`)
  'view', // a citizen's identity shown: ticket page, ticket API, answer page, staff CLI
  'export', // a file or listing carrying tickets left the service (report, citizen-data export)
  'download', // an answer attachment downloaded
  'queue_board', // a change made on the admin queue board
  'citizen_data_search', // an admin looked up every ticket of one phone number or e-mail
  'citizen_data_correct', // a citizen's field corrected at their request (old value hashed)
  'anonymise', // a ticket's identity fields replaced
] as const;
export type StaffEventKind = (typeof STAFF_EVENT_KINDS)[number];

const StaffEventSchema = new Schema(
  {
    at: { type: Date, required: true },
    /** Staff id; absent for a unit acting through its answer link, or a login for an unknown address. */
    actorId: String,
    /** The staff member's name, or the unit's name for an answer link (names change; the row keeps the name then). */
    actorName: { type: String, required: true },
    /** Staff role, `unit` for an answer link, `cli` for the staff CLI's operator, `anonymous` before login. */
    role: { type: String, required: true },
    kind: { type: String, required: true, enum: STAFF_EVENT_KINDS },
    /** Client address as Express sees it (TRUST_PROXY decides which hop), or `cli`. */
    ip: { type: String, required: true },
    ticketId: String,
    ticketCode: String,
    /** What the action was about when not a ticket: a token prefix, a queue job, an e-mail asked for. */
    target: String,
    data: Schema.Types.Mixed,
  },
  { versionKey: false },
);
StaffEventSchema.index({ at: -1, _id: -1 });
StaffEventSchema.index({ ticketCode: 1, at: -1 });
StaffEventSchema.index({ actorId: 1, at: -1 });

export type StaffEventRecord = InferSchemaType<typeof StaffEventSchema> & { _id: mongoose.Types.ObjectId };

export const StaffEvent = mongoose.model('StaffEvent', StaffEventSchema, 'staff_events');
