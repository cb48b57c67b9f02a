/** Shapes of a ticket's state, shared by the mongoose model, services and workers. Pure: no I/O. */

export const CHANNELS = ['phone', 'zalo', 'email', 'web', 'sms', 'facebook', 'app', 'walk_in'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PRIORITIES = ['normal', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The statuses a ticket can be in; the transitions between them are in shared/tickets/lifecycle.ts. */
export const STATUSES = [
  'received',
  'assigned',
  'transfer_requested',
  'waiting_citizen',
  'answered',
  'reopen_requested',
  'closed',
  'resolved_at_intake',
] as const;
export type TicketStatus = (typeof STATUSES)[number];

/**
 * How a ticket is handled, as the switchboard reports it every month: 1 answered during the call
 * (`resolved_at_intake`), 2 forwarded to one unit (the default once routed), 3 complex, set by the
 * Office Chief with a reason (a longer span: the SLA policy's `complexDeadline`).
 */
export const PROCESSING_LEVELS = [1, 2, 3] as const;
export type ProcessingLevel = (typeof PROCESSING_LEVELS)[number];

export const CLOSURE_OUTCOMES = ['satisfied', 'useful', 'unsatisfied', 'unreachable'] as const;
export type ClosureOutcome = (typeof CLOSURE_OUTCOMES)[number];

/**
 * What the system owes a ticket next; the sweeper re-enqueues it when Redis lost the job.
 * `seq` changes every time `next` is replaced, so a job scheduled for an older plan (before an
 * extension, a reassignment or an answer) recognises itself as stale and does nothing.
 */
export type NextAction =
  | { action: 'route'; dueAt: Date; seq: number }
  | { action: 'remind'; dueAt: Date; seq: number; assignmentNo: number }
  | { action: 'escalate'; dueAt: Date; seq: number; assignmentNo: number; level: number }
  /** The citizen could not be reached this long after the unit asked for more information: closed as unreachable. */
  | { action: 'citizen_unreachable'; dueAt: Date; seq: number; assignmentNo: number };

/**
 * A supporting unit's own timer (co-handling): its reminder, then the escalation at its input
 * deadline. Kept in `supports[].next`, beside the lead's `next`, with its own `seq`.
 */
export type SupportTimer =
  | { action: 'remind'; dueAt: Date; seq: number }
  | { action: 'escalate'; dueAt: Date; seq: number; level: number };

/** A unit's timer (reminder or escalation) set aside while the ticket waits on the citizen. */
export type UnitTimer = Extract<NextAction, { action: 'remind' | 'escalate' }>;

export interface Citizen {
  name?: string;
  phone?: string;
  email?: string;
  address?: string;
  anonymous: boolean;
  /** The citizen asked at intake not to be sent notices (no e-mail, no SMS). */
  noticesOptOut?: boolean;
}

export interface TicketLocation {
  address?: string;
  commune?: string;
  lat?: number;
  lng?: number;
}

export interface Actor {
  kind: 'staff' | 'unit' | 'system';
  id?: string;
  name?: string;
}

export interface TicketEvent {
  at: Date;
  type: string;
  actor: Actor;
  data?: Record<string, unknown>;
}

/** A message the system owes someone; the notify worker sends it once and records the outcome. */
export interface OutboxMail {
  /** Deterministic per ticket and purpose, e.g. `assign-1`, `remind-1`, `escalate-1-2`. */
  key: string;
  kind: string;
  to: string[];
  cc: string[];
  messageId: string;
  /** Earliest send time (quiet hours push e-mails to the next office opening). */
  notBefore: Date;
  createdAt: Date;
  attempts: number;
  /** Lease so that two workers never send the same message at once. */
  sendingUntil?: Date;
  sentAt?: Date;
  failedAt?: Date;
  lastError?: string;
  /**
   * How it goes: e-mail (absent: e-mail, every entry before issue 19) or SMS through the gateway.
   * A citizen's notice has no `to`: the sender reads the address from the ticket (shared/notices).
   */
  channel?: 'email' | 'sms';
  /** Template data that cannot be re-derived from the ticket later (e.g. a one-time link). */
  data?: Record<string, unknown>;
}
