import type {
  Actor,
  Channel,
  Citizen,
  NextAction,
  Priority,
  TicketEvent,
  TicketLocation,
  TicketStatus,
} from '../../shared/tickets/ticket-types.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import type { TicketInput } from './ticket-input.schema.js';

/** What intake writes; the mongoose model fills the rest with its defaults. */
export interface NewTicket {
  code: string;
  channel: Channel;
  receivedAt: Date;
  externalRef?: string;
  idempotencyKey?: string;
  requestHash: string;
  citizen: Citizen;
  confidential: boolean;
  category: string;
  subject: string;
  content: string;
  location?: TicketLocation;
  procedureCode?: string;
  priority: Priority;
  status: TicketStatus;
  createdBy: { id: string; name: string };
  intakeAnswer?: { text: string; answeredAt: Date };
  escalation: { level: number };
  next: NextAction | null;
  events: TicketEvent[];
}

/**
 * The whole ticket as first stored: either `received` and owing routing now (`next.action: route`,
 * which the sweeper honours if the queue lost the job), or `resolved_at_intake` and owing nothing.
 */
export function newTicketDocument(options: {
  input: TicketInput;
  code: string;
  receivedAt: Date;
  now: Date;
  staff: StaffPrincipal;
  idempotencyKey?: string;
  requestHash: string;
}): NewTicket {
  const { input, staff, now } = options;
  const actor: Actor = { kind: 'staff', id: staff.id, name: staff.name };
  const resolved = input.resolvedByOperator;
  return {
    code: options.code,
    channel: input.channel,
    receivedAt: options.receivedAt,
    ...(input.externalRef ? { externalRef: input.externalRef } : {}),
    ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
    requestHash: options.requestHash,
    citizen: input.citizen,
    confidential: input.confidential,
    category: input.category,
    subject: input.subject,
    content: input.content,
    ...(input.location ? { location: input.location } : {}),
    ...(input.procedureCode ? { procedureCode: input.procedureCode } : {}),
    priority: input.priority,
    status: resolved ? 'resolved_at_intake' : 'received',
    createdBy: { id: staff.id, name: staff.name },
    ...(resolved ? { intakeAnswer: { text: resolved.answer, answeredAt: now } } : {}),
    escalation: { level: 0 },
    next: resolved ? null : { action: 'route', dueAt: now, seq: 0 },
    events: [
      { at: now, type: 'received', actor, data: { channel: input.channel } },
      ...(resolved ? [{ at: now, type: 'resolved_at_intake', actor } satisfies TicketEvent] : []),
    ],
  };
}
