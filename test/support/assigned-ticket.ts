import { randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import {
  answerLinkToken,
  answerLinkTokenHash,
  newAnswerLinkSalt,
} from '../../shared/security/answer-link.js';

const DAY_MS = 24 * 3600 * 1000;
// Codes must look real (`1022-YYYY-NNNNNN`) so the API finds tickets by code.
let counter = randomInt(100000, 900000);

export interface SeededTicket {
  ticketId: string;
  code: string;
  /** The answer-link token, as the e-mail would carry it. */
  token: string;
}

/**
 * Stores a ticket already assigned to a unit, as the route worker would leave it (the link hash in the
 * assignment and in its event), without running the worker.
 */
export async function seedAssignedTicket(
  secret: string,
  options: {
    unitCode?: string;
    deadline?: Date;
    tokenExpiresAt?: Date;
    fields?: Record<string, unknown>;
  } = {},
): Promise<SeededTicket> {
  counter++;
  const now = new Date();
  const id = new Types.ObjectId();
  const ticketId = id.toString();
  const salt = newAnswerLinkSalt();
  const tokenHash = answerLinkTokenHash(secret, ticketId, 1, salt);
  const deadline = options.deadline ?? new Date(now.getTime() + 3 * DAY_MS);
  const code = `1022-2026-${String(counter).padStart(6, '0')}`;
  await Ticket.create({
    _id: id,
    code,
    channel: 'phone',
    receivedAt: new Date(now.getTime() - 3600_000),
    citizen: { name: 'Nguyễn Văn An', phone: '+84912345678', anonymous: false },
    category: 'entertainment_licensing',
    subject: 'Hồ sơ cấp phép karaoke bị trễ hạn',
    content: 'Tôi nộp hồ sơ đã 20 ngày chưa có kết quả. <script>alert("xss")</script>',
    location: { address: '12 Nguyễn Huệ', commune: 'Phường Mỹ Tho' },
    priority: 'normal',
    status: 'assigned',
    assignment: {
      no: 1,
      unitCode: options.unitCode ?? 'QLVH',
      informed: [],
      assignedAt: now,
      deadline,
      tokenHash,
      tokenSalt: salt,
      tokenExpiresAt: options.tokenExpiresAt ?? new Date(deadline.getTime() + 30 * DAY_MS),
    },
    next: { action: 'remind', dueAt: new Date(deadline.getTime() - DAY_MS), seq: 1, assignmentNo: 1 },
    events: [
      { at: now, type: 'received', actor: { kind: 'staff', name: 'test' } },
      {
        at: now,
        type: 'assigned',
        actor: { kind: 'system', name: 'route' },
        data: { assignmentNo: 1, tokenHash },
      },
    ],
    ...options.fields,
  });
  return { ticketId, code, token: answerLinkToken(secret, ticketId, 1, salt) };
}

/** Reassigns a ticket as the Office Chief would: a new assignment number and salt; returns the new token. */
export async function reassignTicket(secret: string, ticketId: string, unitCode: string): Promise<string> {
  const ticket = await Ticket.findById(ticketId).lean();
  const no = (ticket?.assignment?.no ?? 0) + 1;
  const salt = newAnswerLinkSalt();
  const tokenHash = answerLinkTokenHash(secret, ticketId, no, salt);
  const now = new Date();
  const deadline = new Date(now.getTime() + 3 * DAY_MS);
  await Ticket.updateOne(
    { _id: ticketId },
    {
      $set: {
        status: 'assigned',
        assignment: {
          no,
          unitCode,
          informed: [],
          assignedAt: now,
          deadline,
          tokenHash,
          tokenSalt: salt,
          tokenExpiresAt: new Date(deadline.getTime() + 30 * DAY_MS),
        },
      },
      $push: {
        events: {
          at: now,
          type: 'reassigned',
          actor: { kind: 'staff', name: 'test' },
          data: { assignmentNo: no, tokenHash },
        },
      },
    },
  );
  return answerLinkToken(secret, ticketId, no, salt);
}
