import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { CHANNELS, CLOSURE_OUTCOMES, PRIORITIES, STATUSES } from '../../tickets/ticket-types.js';

const ActorSchema = new Schema(
  { kind: { type: String, required: true }, id: String, name: String },
  { _id: false },
);

const EventSchema = new Schema(
  {
    at: { type: Date, required: true },
    type: { type: String, required: true },
    actor: { type: ActorSchema, required: true },
    data: Schema.Types.Mixed,
  },
  { _id: false },
);

const AssignmentSchema = new Schema(
  {
    no: { type: Number, required: true },
    unitCode: { type: String, required: true },
    informed: { type: [String], default: [] },
    assignedAt: { type: Date, required: true },
    deadline: { type: Date, required: true },
    tokenHash: { type: String, required: true },
    tokenSalt: { type: String, required: true },
    tokenExpiresAt: { type: Date, required: true },
    revokedAt: Date,
    remindedAt: Date,
  },
  { _id: false },
);

const OutboxSchema = new Schema(
  {
    key: { type: String, required: true },
    kind: { type: String, required: true },
    to: { type: [String], default: [] },
    cc: { type: [String], default: [] },
    messageId: { type: String, required: true },
    notBefore: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    attempts: { type: Number, default: 0 },
    sendingUntil: Date,
    sentAt: Date,
    failedAt: Date,
    lastError: String,
    channel: { type: String, enum: ['email', 'sms'] },
    data: Schema.Types.Mixed,
  },
  { _id: false },
);

const NextSchema = new Schema(
  {
    action: { type: String, required: true, enum: ['route', 'remind', 'escalate', 'citizen_unreachable'] },
    dueAt: { type: Date, required: true },
    seq: { type: Number, required: true, default: 0 },
    assignmentNo: Number,
    level: Number,
  },
  { _id: false },
);

/** A supporting unit's own timer (co-handling): its reminder, then its escalation. */
const SupportNextSchema = new Schema(
  {
    action: { type: String, required: true, enum: ['remind', 'escalate'] },
    dueAt: { type: Date, required: true },
    seq: { type: Number, required: true },
    level: Number,
  },
  { _id: false },
);

const AttachmentSchema = new Schema(
  { id: String, filename: String, contentType: String, size: Number, storedAs: String },
  { _id: false },
);

/** A supporting unit beside the lead (co-handling); shared/tickets/co-handling.ts says when its link is open. */
const SupportSchema = new Schema(
  {
    no: { type: Number, required: true },
    assignmentNo: { type: Number, required: true },
    unitCode: { type: String, required: true },
    requestedAt: { type: Date, required: true },
    requestedBy: { id: String, name: String },
    note: String,
    deadline: { type: Date, required: true },
    tokenHash: { type: String, required: true },
    tokenSalt: { type: String, required: true },
    tokenExpiresAt: { type: Date, required: true },
    remindedAt: Date,
    escalatedAt: Date,
    next: { type: SupportNextSchema, default: null },
    /** Its timer set aside while the ticket waits on the citizen (the sweeper sees only `next`). */
    pausedNext: { type: SupportNextSchema, default: null },
    submittedAt: { type: Date, default: null },
    input: {
      type: new Schema(
        {
          text: String,
          responderName: String,
          responderPosition: String,
          onTime: Boolean,
          formId: String,
          attachments: { type: [AttachmentSchema], default: [] },
        },
        { _id: false },
      ),
      default: null,
    },
  },
  { _id: false },
);

const TicketSchema = new Schema(
  {
    code: { type: String, required: true },
    channel: { type: String, required: true, enum: CHANNELS },
    receivedAt: { type: Date, required: true },
    externalRef: String,
    /** Caller-scoped retry key (`<staffId>:<Idempotency-Key>` or `<staffId>:ref:<externalRef>`). */
    idempotencyKey: String,
    /** sha256 of the canonical request body, to tell a retry from a different request. */
    requestHash: String,
    citizen: {
      name: String,
      phone: String,
      email: String,
      address: String,
      anonymous: { type: Boolean, default: false },
      noticesOptOut: Boolean,
    },
    /** The complainant's identity is shown only to the roles of the privacy policy (shared/privacy/identity-view.ts). */
    confidential: { type: Boolean, default: false },
    /** What the retention job (shared/retention/) or an early anonymisation did to this ticket's personal data. */
    privacy: {
      anonymisedAt: Date,
      anonymisedReason: String,
      attachmentsDeletedAt: Date,
      attachmentsDeleted: Number,
    },
    category: { type: String, required: true },
    subject: { type: String, required: true },
    content: { type: String, required: true },
    location: { address: String, commune: String, lat: Number, lng: Number },
    procedureCode: String,
    priority: { type: String, required: true, enum: PRIORITIES, default: 'normal' },
    status: { type: String, required: true, enum: STATUSES },
    createdBy: { id: String, name: String },
    intakeAnswer: { text: String, answeredAt: Date },
    assignment: AssignmentSchema,
    escalation: { level: { type: Number, default: 0 }, at: Date },
    extensionRequest: {
      reason: String,
      proposedDeadline: Date,
      requestedAt: Date,
      requestedBy: String,
      decision: { type: String, enum: ['pending', 'granted', 'refused'] },
      decidedAt: Date,
    },
    transferRequest: {
      reason: String,
      suggestedUnit: String,
      requestedAt: Date,
      requestedBy: String,
      decision: { type: String, enum: ['pending', 'accepted', 'refused'] },
      decidedAt: Date,
    },
    /**
     * The unit asked for more information from the citizen (waiting_citizen): its question, the unit
     * timer set aside while the deadline is paused, and, once the operator recorded it, the reply and
     * the time the clock stood still.
     */
    citizenRequest: {
      question: String,
      requestedAt: Date,
      requestedBy: String,
      assignmentNo: Number,
      pausedNext: { type: NextSchema, default: null },
      reply: String,
      repliedAt: Date,
      repliedBy: { id: String, name: String },
      pausedMs: Number,
    },
    /** Answers given before the ticket was reopened after an unsatisfied call-back, oldest first. */
    previousAnswers: { type: [Schema.Types.Mixed], default: [] },
    /** How many times the Office Chief reopened the ticket after an unsatisfied call-back. */
    reopenCount: Number,
    /** Processing level 3 (complex) set by the Office Chief; unset: 1 at intake, else 2 (shared/tickets/processing-level.ts). */
    processingLevel: Number,
    /** Why and by whom the ticket was marked complex, and the deadline before. */
    complexity: {
      reason: String,
      setAt: Date,
      setBy: { id: String, name: String },
      previousDeadline: Date,
    },
    /** The ticket was forwarded outside the Department (closed as forwarded): where, why, and how late. */
    forwarding: {
      destinationCode: String,
      destinationName: String,
      recipient: String,
      email: String,
      note: String,
      forwardedAt: Date,
      forwardedBy: { id: String, name: String },
      /** Working days from receipt to forwarding (the receipt day does not count). */
      workingDays: Number,
      /** Over the 5 working days of Decree 20/2008/NĐ-CP (as amended by Decree 92/2017/NĐ-CP). */
      late: Boolean,
    },
    answer: {
      text: String,
      responderName: String,
      responderPosition: String,
      answeredAt: Date,
      assignmentNo: Number,
      unitCode: String,
      onTime: Boolean,
      attachments: [
        new Schema(
          { id: String, filename: String, contentType: String, size: Number, storedAs: String },
          { _id: false },
        ),
      ],
      /** `email` when the unit answered by replying to the e-mail (issue 20); unset: the answer page. */
      via: String,
      /** The e-mail an answer came in, as it arrived (quoted history included), for the Office Chief. */
      email: {
        from: String,
        fromName: String,
        subject: String,
        messageId: String,
        sentAt: Date,
        original: String,
      },
    },
    closure: {
      calledBackAt: Date,
      outcome: { type: String, enum: CLOSURE_OUTCOMES },
      note: String,
      closedAt: Date,
      closedBy: { id: String, name: String },
    },
    /** The question and answer as published at /cong-khai, without personal data (shared/publication/). */
    publication: {
      status: { type: String, enum: ['published', 'withdrawn'] },
      question: String,
      answer: String,
      publishedAt: Date,
      publishedBy: { id: String, name: String },
      withdrawnAt: Date,
      withdrawnBy: { id: String, name: String },
      withdrawReason: String,
    },
    next: { type: NextSchema, default: null },
    /** Supporting units (co-handling), each with its own link, deadline and timer, oldest first. */
    supports: { type: [SupportSchema], default: [] },
    /** The switchboard is owed a signed `ticket.answered` webhook; survives a Redis wipe (the sweeper re-enqueues). */
    webhookPending: Boolean,
    webhookDeliveredAt: Date,
    webhookAttempts: Number,
    webhookLastError: String,
    outbox: { type: [OutboxSchema], default: [] },
    events: { type: [EventSchema], default: [] },
  },
  { timestamps: true, minimize: false, optimisticConcurrency: false },
);

TicketSchema.index({ code: 1 }, { unique: true });
TicketSchema.index(
  { idempotencyKey: 1 },
  { unique: true, partialFilterExpression: { idempotencyKey: { $type: 'string' } } },
);
TicketSchema.index({ 'next.dueAt': 1 });
// Supporting links (current or withdrawn) and their timers, for the link look-up and the sweeper.
TicketSchema.index({ 'supports.tokenHash': 1 }, { sparse: true });
TicketSchema.index({ 'supports.next.dueAt': 1 }, { sparse: true });
TicketSchema.index({ 'publication.status': 1, 'publication.publishedAt': -1 });
TicketSchema.index({ status: 1, receivedAt: -1 });
TicketSchema.index({ 'assignment.unitCode': 1, status: 1 });
TicketSchema.index({ 'assignment.tokenHash': 1 });
// Every assignment's event keeps its link hash, so an old link answers "revoked" (410) rather than "unknown" (404).
TicketSchema.index({ 'events.data.tokenHash': 1 }, { sparse: true });
TicketSchema.index({ webhookPending: 1 }, { partialFilterExpression: { webhookPending: true } });
TicketSchema.index({ receivedAt: -1, _id: -1 });
// The numbers' one read (loadStatsTickets) is an $or of received / answered / due in a window / open:
// every branch needs an index, or MongoDB (and the stand-in) scans the whole collection.
TicketSchema.index({ 'answer.answeredAt': 1 });
// The escalation queue and the overdue count: unanswered tickets by deadline.
TicketSchema.index({ 'assignment.deadline': 1 });
// The monthly report's per-unit summary counts tickets assigned in the period (a ticket received
// earlier can be assigned in it). Sparse: intake stores tickets before any assignment, at no index cost.
TicketSchema.index({ 'assignment.assignedAt': 1 }, { sparse: true });

export type TicketRecord = InferSchemaType<typeof TicketSchema>;

export const Ticket = mongoose.model('Ticket', TicketSchema);
