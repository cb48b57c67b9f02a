import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * One document per run of the retention job (shared/retention/run-retention.ts): what it was asked to
 * do and what it did, so the Department can show when personal data was anonymised or deleted. Counts
 * and cut-offs only: never a name, a phone number or a ticket's text.
 */
const RetentionRunSchema = new Schema(
  {
    startedAt: { type: Date, required: true },
    finishedAt: Date,
    /** Tickets closed before this instant have their identity anonymised. */
    anonymiseClosedBefore: { type: Date, required: true },
    /** Tickets closed before this instant have their answer attachments deleted. */
    deleteAttachmentsClosedBefore: { type: Date, required: true },
    /** Access-log entries older than this are purged (once the access log exists, see run-retention.ts). */
    purgeAccessLogBefore: { type: Date, required: true },
    anonymised: { type: Number, default: 0 },
    /** Tickets changed by someone between read and write; the next run takes them. */
    skipped: { type: Number, default: 0 },
    attachmentTickets: { type: Number, default: 0 },
    attachmentsDeleted: { type: Number, default: 0 },
    /** Access-log entries purged; null while the access log has no purge (not yet built). */
    accessLogPurged: { type: Number, default: null },
    /** Ids of the tickets anonymised in this run (ids are not personal data), at most 1000. */
    anonymisedTicketIds: { type: [String], default: [] },
    error: String,
  },
  { versionKey: false, collection: 'retention_runs' },
);
RetentionRunSchema.index({ startedAt: -1 });

export type RetentionRunRecord = InferSchemaType<typeof RetentionRunSchema>;
export const RetentionRun = mongoose.model('RetentionRun', RetentionRunSchema);
