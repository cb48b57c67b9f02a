import { z } from 'zod';
import { CHANNELS, CLOSURE_OUTCOMES, PRIORITIES, STATUSES } from '../../shared/tickets/ticket-types.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';
import { processingLevelOf } from '../../shared/tickets/processing-level.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import {
  identityView,
  isConfidential,
  textForViewer,
  type IdentityViewer,
} from '../../shared/privacy/identity-view.js';

/**
 * Routing hand-off on creation: `queued` (a route job is in Redis), `pending` (Redis was down; the
 * sweeper will enqueue it), `none` (answered during the call, never routed).
 */
export const RoutingStateSchema = z.enum(['queued', 'pending', 'none']);
export type RoutingState = z.output<typeof RoutingStateSchema>;

const Instant = z.iso.datetime();

/**
 * The public JSON shape of a ticket. Internals (answer-link hashes and salts, the e-mail outbox,
 * the idempotency key, the request hash, the event log) never leave the service.
 */
export const TicketViewSchema = z.strictObject({
  id: z.string().describe('ObjectId của phiếu'),
  code: z.string().describe('Mã phiếu 1022-YYYY-NNNNNN'),
  status: z.enum(STATUSES),
  channel: z.enum(CHANNELS),
  receivedAt: Instant,
  createdAt: Instant,
  updatedAt: Instant,
  externalRef: z.string().optional(),
  citizen: z.strictObject({
    name: z.string().optional(),
    phone: z.string().optional().describe('E.164'),
    email: z.string().optional(),
    address: z.string().optional(),
    anonymous: z.boolean(),
    withheld: z
      .string()
      .optional()
      .describe(
        'Có khi danh tính được giữ bí mật với người gọi API này: "Người phản ánh đề nghị giữ bí mật"',
      ),
  }),
  confidential: z
    .boolean()
    .describe('Danh tính người phản ánh được giữ bí mật (phản ánh về cán bộ, hoặc theo đề nghị)'),
  category: z.string(),
  categoryName: z.string(),
  subject: z.string(),
  content: z.string(),
  location: z
    .strictObject({
      address: z.string().optional(),
      commune: z.string().optional(),
      lat: z.number().optional(),
      lng: z.number().optional(),
    })
    .optional(),
  procedureCode: z.string().optional(),
  priority: z.enum(PRIORITIES),
  assignment: z
    .strictObject({ unitCode: z.string(), unitName: z.string(), deadline: Instant })
    .optional()
    .describe('Đơn vị đang được giao xử lý và hạn trả lời'),
  escalation: z.strictObject({ level: z.number().int(), at: Instant.optional() }),
  answer: z
    .strictObject({
      text: z.string(),
      answeredAt: Instant,
      atIntake: z.boolean().describe('true: điện thoại viên trả lời ngay trong cuộc gọi'),
      responderName: z.string().optional(),
      responderPosition: z.string().optional(),
      unitCode: z.string().optional(),
      onTime: z.boolean().optional(),
    })
    .optional(),
  closure: z
    .strictObject({
      calledBackAt: Instant.optional(),
      outcome: z.enum(CLOSURE_OUTCOMES).optional(),
      note: z.string().optional(),
      closedAt: Instant.optional(),
    })
    .optional(),
  processingLevel: z
    .union([z.literal(1), z.literal(2), z.literal(3)])
    .describe('Mức xử lý: 1 trả lời ngay khi tiếp nhận, 2 chuyển một đơn vị, 3 phức tạp'),
  forwarding: z
    .strictObject({
      destinationCode: z.string(),
      destinationName: z.string(),
      forwardedAt: Instant,
      workingDays: z.number().int().describe('Số ngày làm việc từ khi tiếp nhận đến khi chuyển'),
      late: z.boolean().describe('true: quá 5 ngày làm việc (Nghị định 20/2008/NĐ-CP, sửa đổi bởi Nghị định 92/2017/NĐ-CP)'),
    })
    .optional()
    .describe('Có khi phiếu đã được chuyển ra ngoài Sở (phiếu đóng tại Sở)'),
  routing: RoutingStateSchema.optional().describe('Chỉ có trong kết quả tạo phiếu'),
});
export type TicketView = z.output<typeof TicketViewSchema>;

export const TicketPageViewSchema = z.strictObject({
  items: z.array(TicketViewSchema),
  next: z.string().nullable().describe('Con trỏ trang sau; null ở trang cuối'),
});

const iso = (value: Date | null | undefined): string | undefined => (value ? value.toISOString() : undefined);

/** Drops undefined members so the JSON has no empty keys. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, item]) => item !== undefined && item !== null),
  ) as T;
}

function answerOf(ticket: StoredTicket): TicketView['answer'] {
  const answer = ticket.answer;
  if (answer?.text && answer.answeredAt) {
    return compact({
      text: answer.text,
      answeredAt: answer.answeredAt.toISOString(),
      atIntake: false,
      responderName: answer.responderName ?? undefined,
      responderPosition: answer.responderPosition ?? undefined,
      unitCode: answer.unitCode ?? undefined,
      onTime: answer.onTime ?? undefined,
    });
  }
  const intake = ticket.intakeAnswer;
  if (intake?.text && intake.answeredAt) {
    return { text: intake.text, answeredAt: intake.answeredAt.toISOString(), atIntake: true };
  }
  return undefined;
}

/** The ticket as `viewer` (the caller's role) may see it: a confidential complainant only for the policy's roles. */
export function toTicketView(
  ticket: StoredTicket,
  domain: TicketDomain,
  viewer: IdentityViewer,
  routing?: RoutingState,
): TicketView {
  const identity = identityView(ticket, viewer, domain.privacy);
  const location = ticket.location;
  const assignment = ticket.assignment;
  const closure = ticket.closure;
  const hasLocation = location && Object.values(location).some((v) => v !== undefined && v !== null);
  const hasClosure = closure && (closure.closedAt || closure.calledBackAt || closure.outcome);
  return compact({
    id: ticket._id.toString(),
    code: ticket.code,
    status: ticket.status as TicketView['status'],
    channel: ticket.channel as TicketView['channel'],
    receivedAt: ticket.receivedAt.toISOString(),
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    externalRef: ticket.externalRef ?? undefined,
    citizen: identity.shown
      ? compact({
          name: identity.name,
          phone: identity.phone,
          email: identity.email,
          address: identity.address,
          anonymous: false,
        })
      : identity.reason === 'anonymous'
        ? { anonymous: true }
        : { anonymous: false, withheld: identity.label },
    confidential: isConfidential(ticket, domain.privacy),
    category: ticket.category,
    categoryName: domain.categoryName(ticket.category),
    subject: textForViewer(ticket.subject, ticket, identity),
    content: textForViewer(ticket.content, ticket, identity),
    location: hasLocation
      ? compact({
          address: location.address ?? undefined,
          commune: location.commune ?? undefined,
          lat: location.lat ?? undefined,
          lng: location.lng ?? undefined,
        })
      : undefined,
    procedureCode: ticket.procedureCode ?? undefined,
    priority: ticket.priority as TicketView['priority'],
    assignment: assignment
      ? {
          unitCode: assignment.unitCode,
          unitName: domain.unit(assignment.unitCode)?.name ?? assignment.unitCode,
          deadline: assignment.deadline.toISOString(),
        }
      : undefined,
    escalation: compact({ level: ticket.escalation?.level ?? 0, at: iso(ticket.escalation?.at) }),
    answer: answerOf(ticket),
    closure: hasClosure
      ? compact({
          calledBackAt: iso(closure.calledBackAt),
          outcome: (closure.outcome ?? undefined) as NonNullable<TicketView['closure']>['outcome'],
          note: closure.note ?? undefined,
          closedAt: iso(closure.closedAt),
        })
      : undefined,
    processingLevel: processingLevelOf(ticket),
    forwarding: ticket.forwarding?.forwardedAt
      ? {
          destinationCode: ticket.forwarding.destinationCode ?? '',
          destinationName: ticket.forwarding.recipient ?? ticket.forwarding.destinationCode ?? '',
          forwardedAt: ticket.forwarding.forwardedAt.toISOString(),
          workingDays: ticket.forwarding.workingDays ?? 0,
          late: Boolean(ticket.forwarding.late),
        }
      : undefined,
    routing,
  });
}
