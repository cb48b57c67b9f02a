import { isSupportedInstant } from '../calendar/supported-years.js';
import type { QueryFilter, Types } from 'mongoose';
import { Types as MongooseTypes } from 'mongoose';
import type { TicketRecord } from '../db/models/ticket.model.js';
import type { Priority, ProcessingLevel, TicketStatus } from './ticket-types.js';
import { processingLevelCondition } from './processing-level.js';
import { WAITING_STATUSES } from './lifecycle.js';
import { AppError } from '../errors/app-error.js';
import { escapeRegExp } from '../text/clean-text.js';

/**
 * Every way staff narrow a list of tickets. The API, the Office Chief's dashboard and the statistics
 * build their MongoDB filters here, so that "overdue" means the same thing everywhere.
 */
export interface TicketFilters {
  status?: TicketStatus;
  category?: string;
  /** Unit currently assigned (`assignment.unitCode`). */
  department?: string;
  priority?: Priority;
  /** Processing level 1, 2 or 3 (shared/tickets/processing-level.ts). */
  level?: ProcessingLevel;
  /** receivedAt ≥ from. */
  from?: Date;
  /** receivedAt < to. */
  to?: Date;
  /** Case-insensitive literal text in subject, content or code. */
  q?: string;
  /** A unit owes an answer and its deadline has passed. */
  overdue?: boolean;
  escalated?: boolean;
  /** Only tickets logged by this staff member. */
  createdBy?: string;
  /** Role restriction: only these categories (see ticket-access.ts). */
  readableCategories?: readonly string[];
}

export type TicketFilter = QueryFilter<TicketRecord>;

/** The MongoDB filter for `filters` at instant `now` (overdue is relative to it). */
export function buildTicketFilter(filters: TicketFilters, now: Date): TicketFilter {
  const clauses: TicketFilter[] = [];
  if (filters.status) clauses.push({ status: filters.status });
  if (filters.category) clauses.push({ category: filters.category });
  if (filters.readableCategories) clauses.push({ category: { $in: [...filters.readableCategories] } });
  if (filters.department) clauses.push({ 'assignment.unitCode': filters.department });
  if (filters.priority) clauses.push({ priority: filters.priority });
  if (filters.level) clauses.push(processingLevelCondition(filters.level) as TicketFilter);
  if (filters.from) clauses.push({ receivedAt: { $gte: filters.from } });
  if (filters.to) clauses.push({ receivedAt: { $lt: filters.to } });
  if (filters.createdBy) clauses.push({ 'createdBy.id': filters.createdBy });
  if (filters.q) {
    const pattern = { $regex: escapeRegExp(filters.q), $options: 'i' };
    clauses.push({ $or: [{ subject: pattern }, { content: pattern }, { code: pattern }] });
  }
  if (filters.overdue) {
    clauses.push({ status: { $in: [...WAITING_STATUSES] }, 'assignment.deadline': { $lt: now } });
  }
  if (filters.escalated) clauses.push({ 'escalation.level': { $gte: 1 } });
  if (clauses.length === 0) return {};
  return clauses.length === 1 ? (clauses[0] as TicketFilter) : { $and: clauses };
}

/** Position after the last ticket of a page, in the list's order (receivedAt desc, _id desc). */
interface CursorPosition {
  receivedAt: Date;
  id: Types.ObjectId;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.receivedAt.getTime(), position.id.toHexString()])).toString(
    'base64url',
  );
}

function invalidCursor(): AppError {
  return new AppError(400, 'VALIDATION_FAILED', {
    details: [
      {
        path: 'cursor',
        message: 'Con trỏ phân trang không hợp lệ; hãy dùng đúng giá trị `next` của trang trước.',
      },
    ],
  });
}

/** Reads a cursor made by encodeCursor; anything else is a 400. */
export function decodeCursor(cursor: string): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalidCursor();
  const [ms, id] = parsed as unknown[];
  if (
    typeof ms !== 'number' ||
    !Number.isSafeInteger(ms) ||
    // A safe integer can still be past what a Date holds (±8.64e15 ms): that was a CastError and a 500.
    !isSupportedInstant(new Date(ms)) ||
    typeof id !== 'string' ||
    !/^[0-9a-f]{24}$/.test(id)
  ) {
    throw invalidCursor();
  }
  return { receivedAt: new Date(ms), id: new MongooseTypes.ObjectId(id) };
}
