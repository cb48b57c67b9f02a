import { STATUSES, type NextAction, type TicketStatus } from './ticket-types.js';

/**
 * The ticket lifecycle, in one place and pure: the statuses, the transitions and who may make them,
 * the events and e-mail kinds they record, who owes what in each state, and the next-timer rule.
 * Every state change in the service names its transition here and is applied by one guarded update
 * of the ticket repository (`shared/tickets/repository/`).
 *
 * received → assigned → answered → closed; side paths: resolved_at_intake (level 1, answered during
 * the call), transfer_requested (a unit says "not ours"; its deadline still runs), waiting_citizen
 * (the unit asked the citizen for more information; its deadline is paused, only the "unreachable"
 * timer runs) and reopen_requested (the call-back found the citizen unsatisfied; the Office Chief
 * reopens the ticket or closes it with a reason). The Office Chief may mark a ticket complex (level 3,
 * a longer deadline) while a unit owes the answer, or forward it outside the Department (closed, with
 * `forwarding` saying where and how many working days after receipt).
 */

export { STATUSES, type TicketStatus } from './ticket-types.js';

/** Who acts: the system (routing, timers), the unit behind an answer link, or staff (operators, Office Chief). */
export type ActorKind = 'system' | 'unit' | 'staff';

/** Statuses in which a unit still owes an answer, so its deadline and timers keep running. */
export const WAITING_STATUSES = ['assigned', 'transfer_requested'] as const satisfies readonly TicketStatus[];

const ALL_STATUSES: readonly TicketStatus[] = STATUSES;

interface TransitionRule {
  /** Statuses the transition may start from. */
  from: readonly TicketStatus[];
  /** The status it leaves; `null` keeps the status (a reminder, a decision on a request, a note). */
  to: TicketStatus | null;
  by: readonly ActorKind[];
}

// ── Co-handling: supporting units beside the lead (issue 18 item 3) ─────────────────────────────

/**
 * While the lead unit owes the answer (or waits on the citizen), supporting units may be asked for
 * their input and may send it. A supporting link works only in these statuses and only for the lead
 * assignment it was issued under, so the lead's answer, a reassignment, a reopening or any closure
 * withdraws every supporting link at once, without a write of its own.
 */
export const SUPPORT_OPEN_STATUSES = [
  ...WAITING_STATUSES,
  'waiting_citizen',
] as const satisfies readonly TicketStatus[];

/** Co-handling transitions; none changes the status: the lead's assignment goes on as before. */
export const SUPPORT_TRANSITIONS = {
  /** The Office Chief names one or more supporting units, each with its own link and earlier deadline. */
  requestSupport: { from: SUPPORT_OPEN_STATUSES, to: null, by: ['staff'] },
  /** A supporting unit sends its input (text and files) through its own link; the lead sees it. */
  submitSupportInput: { from: SUPPORT_OPEN_STATUSES, to: null, by: ['unit'] },
  /**
   * A supporting unit is reminded before its own deadline. Not while the ticket waits on the citizen:
   * its deadline is paused like the lead's and its timer set aside (`supports[].pausedNext`).
   */
  remindSupport: { from: WAITING_STATUSES, to: null, by: ['system'] },
  /** A supporting unit's deadline passed without its input: the officials of level 1 are told (not while paused). */
  escalateSupport: { from: WAITING_STATUSES, to: null, by: ['system'] },
  /**
   * A supporting timer fired while the ticket waits on the citizen (one planned before this rule, or
   * missed): it is set aside like the others, so it neither fires nor is swept until the reply.
   */
  pauseSupportTimer: { from: ['waiting_citizen'], to: null, by: ['system'] },
  /** A timer of a withdrawn supporting link fired: the timer is dropped so the sweeper forgets it. */
  dropSupportTimer: { from: STATUSES, to: null, by: ['system'] },
} as const satisfies Record<string, TransitionRule>;

/** Every state change the service makes. */
export const TRANSITIONS = {
  /** The route worker gives a received ticket its first unit. */
  route: { from: ['received'], to: 'assigned', by: ['system'] },
  /** The unit is reminded before its deadline. */
  remind: { from: WAITING_STATUSES, to: null, by: ['system'] },
  /** The deadline passed: the officials of the next level are told. */
  escalate: { from: WAITING_STATUSES, to: null, by: ['system'] },
  /** The unit answers through its link. */
  answer: { from: WAITING_STATUSES, to: 'answered', by: ['unit'] },
  /** The unit says "not ours". */
  requestTransfer: { from: ['assigned'], to: 'transfer_requested', by: ['unit'] },
  /** The unit asks for more time; the deadline does not move until the Office Chief decides. */
  requestExtension: { from: WAITING_STATUSES, to: null, by: ['unit'] },
  /** The Office Chief gives the ticket to another unit (also how a "not ours" is accepted). */
  reassign: { from: WAITING_STATUSES, to: 'assigned', by: ['staff'] },
  /** The Office Chief refuses a "not ours": back to the same unit, link and deadline. */
  refuseTransfer: { from: ['transfer_requested'], to: 'assigned', by: ['staff'] },
  /** The Office Chief grants (new deadline, new timers) or refuses a request for more time. */
  decideExtension: { from: WAITING_STATUSES, to: null, by: ['staff'] },
  /**
   * The unit needs more information from the citizen (in its words): the deadline pauses, the unit's
   * timer is set aside, and only the "citizen unreachable" timer runs.
   */
  askCitizen: { from: ['assigned'], to: 'waiting_citizen', by: ['unit'] },
  /** The operator records what the citizen said: the unit is e-mailed its link, the clock resumes. */
  recordCitizenReply: { from: ['waiting_citizen'], to: 'assigned', by: ['staff'] },
  /** Nobody reached the citizen within the configured span: closed as unreachable. */
  closeUnreachable: { from: ['waiting_citizen'], to: 'closed', by: ['system'] },
  /**
   * The Office Chief marks the ticket complex (processing level 3), with a reason; the deadline may
   * move to the SLA policy's `complexDeadline` and the timers are planned again.
   */
  markComplex: { from: WAITING_STATUSES, to: null, by: ['staff'] },
  /**
   * The Office Chief forwards the ticket outside the Department (a commune, a ward, another provincial
   * body): deciding a unit's "not ours", or on the Office's triage. The destination is e-mailed, any
   * unit's link is withdrawn, the ticket is closed as forwarded (`forwarding` set).
   */
  forwardOutside: { from: WAITING_STATUSES, to: 'closed', by: ['staff'] },
  /** The Office Chief closes a ticket that is not finished, with a reason. */
  closeWithReason: {
    from: ['received', 'assigned', 'transfer_requested', 'waiting_citizen', 'answered', 'reopen_requested'],
    to: 'closed',
    by: ['staff'],
  },
  /** The operator called the citizen back after the answer (satisfied, found it useful, or unreachable). */
  recordCallBack: { from: ['answered'], to: 'closed', by: ['staff'] },
  /** The call-back found the citizen unsatisfied: the ticket goes before the Office Chief. */
  recordUnsatisfiedCallBack: { from: ['answered'], to: 'reopen_requested', by: ['staff'] },
  /** The Office Chief reopens it: a new assignment (same or another unit), a new deadline; the first answer is kept. */
  reopen: { from: ['reopen_requested'], to: 'assigned', by: ['staff'] },
  /** An internal note; changes no state. */
  addNote: { from: ALL_STATUSES, to: null, by: ['staff'] },
  /** The Office Chief publishes the question and the answer, without personal data, at /cong-khai. */
  publish: { from: ['answered', 'closed'], to: null, by: ['staff'] },
  /** The Office Chief takes a published answer down again, with a reason. */
  withdrawPublication: { from: ALL_STATUSES, to: null, by: ['staff'] },
  /**
   * The complainant's identity is removed (retention, or a citizen's request); changes no state, so
   * the ticket keeps counting in every statistic. shared/privacy/anonymise.ts says what changes.
   */
  anonymise: { from: ALL_STATUSES, to: null, by: ['system'] },
  /** The answer's attachments are deleted after the retention period; the answer text stays. */
  deleteAttachments: { from: ['closed', 'resolved_at_intake'], to: null, by: ['system'] },
  ...SUPPORT_TRANSITIONS,
} as const satisfies Record<string, TransitionRule>;

export type TransitionName = keyof typeof TRANSITIONS;

/** The statuses a new ticket starts in: received, or resolved_at_intake when answered during the call. */
export const INITIAL_STATUSES = ['received', 'resolved_at_intake'] as const satisfies readonly TicketStatus[];

export type TransitionCheck =
  { allowed: true; to: TicketStatus } | { allowed: false; reason: 'wrong_status' | 'wrong_actor' };

/** Whether `actor` may make `name` from `status`, and the status it leaves. */
export function checkTransition(name: TransitionName, status: string, actor: ActorKind): TransitionCheck {
  const rule: TransitionRule = TRANSITIONS[name];
  if (!rule.by.includes(actor)) return { allowed: false, reason: 'wrong_actor' };
  if (!rule.from.includes(status as TicketStatus)) return { allowed: false, reason: 'wrong_status' };
  return { allowed: true, to: rule.to ?? (status as TicketStatus) };
}

/** True when the transition may start from `status` (whoever may make it). */
export function canStartFrom(name: TransitionName, status: string): boolean {
  const from: readonly TicketStatus[] = TRANSITIONS[name].from;
  return from.includes(status as TicketStatus);
}

/** The status a transition leaves, or null when it keeps the status. */
export function targetStatus(name: TransitionName): TicketStatus | null {
  return TRANSITIONS[name].to;
}

// ── Events and e-mail kinds ─────────────────────────────────────────────────────────────────────

/** Every entry of a ticket's append-only event log. */
export const EVENT_TYPES = [
  'received',
  'resolved_at_intake',
  'assigned',
  'reassigned',
  'reminder_sent',
  'escalated',
  'answered',
  'transfer_requested',
  'transfer_refused',
  'extension_requested',
  'extension_granted',
  'extension_refused',
  'citizen_info_requested',
  'citizen_info_recorded',
  'citizen_unreachable',
  'call_back_unsatisfied',
  'reopened',
  'marked_complex',
  'forwarded_outside',
  'closed',
  'note',
  'mail_sent',
  'mail_failed',
  /** A notice reached the citizen's e-mail or the SMS gateway (data: key, kind, channel). */
  'citizen_notified',
  /** A notice to the citizen could not be sent after the last attempt. */
  'citizen_notice_failed',
  'webhook_delivered',
  'published',
  'publication_withdrawn',
  'anonymised',
  'attachments_deleted',
  'support_requested',
  'support_input_submitted',
  'support_reminded',
  'support_escalated',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** E-mails a ticket's outbox can owe (each is a template in shared/mail/templates/). */
export const TICKET_MAIL_KINDS = [
  'assign',
  'assign_informed',
  'remind',
  'escalate',
  'overdue',
  'answered',
  'transfer_requested',
  'extension_requested',
  'extension_granted',
  'extension_refused',
  'transfer_refused',
  'reassigned_away',
  'ticket_closed',
  'citizen_info_requested',
  'citizen_info_received',
  'call_back_unsatisfied',
  'forwarded_outside',
  'mail_failed',
  // Notices to the citizen (shared/notices/notice-text-vi.ts), by e-mail or SMS.
  'notice_received',
  'notice_info_needed',
  'notice_answer_ready',
  'support_assign',
  'support_remind',
  'support_overdue',
  'support_escalate',
  'support_input_received',
] as const;
export type TicketMailKind = (typeof TICKET_MAIL_KINDS)[number];

/** Every e-mail the service sends: a ticket's, a staff member's login link, the daily digest. */
export const MAIL_KINDS = [...TICKET_MAIL_KINDS, 'login_link', 'daily_digest'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

// ── Who owes what now ───────────────────────────────────────────────────────────────────────────

/**
 * What a ticket waits for: routing to a unit, the unit's answer, the citizen's information (the
 * operators owe the call), the operator's call-back to the citizen, the Office Chief's decision
 * after an unsatisfied call-back, or nothing (closed, or resolved during the call).
 */
export type Owed = 'routing' | 'unit_answer' | 'citizen_info' | 'call_back' | 'reopen_decision' | 'nothing';

export function owedNow(ticket: { status: string; assignment?: unknown }): Owed {
  if (unitOwesAnswer(ticket)) return 'unit_answer';
  switch (ticket.status) {
    case 'received':
      return 'routing';
    case 'waiting_citizen':
      return 'citizen_info';
    case 'answered':
      return 'call_back';
    case 'reopen_requested':
      return 'reopen_decision';
    default:
      return 'nothing';
  }
}

/** A unit owes the answer: the ticket waits on an assignment, so its deadline and timers run. */
export function unitOwesAnswer(ticket: { status: string; assignment?: unknown }): boolean {
  return (WAITING_STATUSES as readonly string[]).includes(ticket.status) && Boolean(ticket.assignment);
}

/**
 * Not finished yet: received (routing owed), a unit owes the answer, the unit waits on the citizen,
 * or the Office Chief decides after an unsatisfied call-back.
 */
export const OPEN_STATUSES = [
  'received',
  ...WAITING_STATUSES,
  'waiting_citizen',
  'reopen_requested',
] as const satisfies readonly TicketStatus[];

/** Statuses whose deadline is paused: the time spent in them does not count against the unit. */
export const PAUSED_STATUSES = ['waiting_citizen'] as const satisfies readonly TicketStatus[];

// ── The next timer ──────────────────────────────────────────────────────────────────────────────

/**
 * A `next.seq` never used before on this ticket. Stale timer jobs know themselves by an older seq,
 * so a reused one would collide with a finished job id. At the end of the escalation chain `next` is
 * null, so the last seq is not always there to add one to; every seq so far came with an event, so
 * the event count is an upper bound.
 */
export function freshTimerSeq(ticket: {
  next?: { seq: number } | null;
  events?: readonly unknown[] | null;
}): number {
  return Math.max(ticket.next?.seq ?? 0, ticket.events?.length ?? 0) + 1;
}

/** A planned timer as the ticket's `next` (or null: nothing more is owed, e.g. the end of the chain). */
export function nextTimer<T extends Omit<NextAction, 'seq'>>(
  timer: T | null,
  ticket: { next?: { seq: number } | null; events?: readonly unknown[] | null },
): (T & { seq: number }) | null {
  return timer ? { ...timer, seq: freshTimerSeq(ticket) } : null;
}

/** Whether this very form (the page's `formId`) already made a change, optionally of one event type. */
export function isRepeatOf(
  ticket: { events?: ReadonlyArray<{ type: string; data?: unknown }> | null },
  formId: string,
  type?: EventType,
): boolean {
  return (ticket.events ?? []).some(
    (event) =>
      (type === undefined || event.type === type) &&
      (event.data as { formId?: unknown } | undefined)?.formId === formId,
  );
}
