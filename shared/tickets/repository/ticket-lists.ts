import { Ticket } from '../../db/models/ticket.model.js';
import { WAITING_STATUSES } from '../lifecycle.js';
import {
  buildTicketFilter,
  decodeCursor,
  encodeCursor,
  type TicketFilter,
  type TicketFilters,
} from '../ticket-query.js';
import type { StoredTicket } from './ticket-repository.js';

/** Lists and counts of tickets, for the dashboard, the operator API, the numbers and the metrics. */

/** How many tickets the escalation queue shows; more would not be read anyway. */
const QUEUE_LIMIT = 100;

/**
 * What a row of the dashboard's queues shows (services/monitor/dashboard-page.ts, ticketRow): not
 * the history, the citizen or the texts, which made up most of a hundred whole tickets.
 */
const QUEUE_ROW_PROJECTION = {
  code: 1,
  subject: 1,
  priority: 1,
  category: 1,
  status: 1,
  receivedAt: 1,
  'assignment.unitCode': 1,
  'assignment.deadline': 1,
  'escalation.level': 1,
  'extensionRequest.decision': 1,
  'transferRequest.decision': 1,
  processingLevel: 1,
  'forwarding.forwardedAt': 1,
  'forwarding.late': 1,
} as const;

/** A ticket of the dashboard's queues: the fields of QUEUE_ROW_PROJECTION (assignment: unit and deadline). */
export type QueueTicket = Pick<
  StoredTicket,
  | '_id'
  | 'code'
  | 'subject'
  | 'priority'
  | 'category'
  | 'status'
  | 'receivedAt'
  | 'assignment'
  | 'escalation'
  | 'extensionRequest'
  | 'transferRequest'
  | 'processingLevel'
  | 'forwarding'
>;

/**
 * Unanswered tickets that were escalated or are past their deadline, most late first (earliest
 * deadline first): what the Office Chief has to act on.
 */
export async function escalationQueue(scope: TicketFilters, now: Date): Promise<QueueTicket[]> {
  return Ticket.find(
    {
      $and: [
        buildTicketFilter(scope, now),
        { status: { $in: [...WAITING_STATUSES] } },
        { $or: [buildTicketFilter({ escalated: true }, now), buildTicketFilter({ overdue: true }, now)] },
      ],
    },
    QUEUE_ROW_PROJECTION,
  )
    .sort({ 'assignment.deadline': 1, _id: 1 })
    .limit(QUEUE_LIMIT)
    .lean<QueueTicket[]>();
}

/**
 * What the Office Chief decides: tickets whose unit asked for more time or said "not ours", and those
 * an unsatisfied call-back put before them (reopen or close), earliest deadline first.
 */
export async function pendingDecisions(scope: TicketFilters, now: Date): Promise<QueueTicket[]> {
  return Ticket.find(
    {
      $and: [
        buildTicketFilter(scope, now),
        {
          $or: [
            {
              status: { $in: [...WAITING_STATUSES] },
              $or: [{ 'extensionRequest.decision': 'pending' }, { 'transferRequest.decision': 'pending' }],
            },
            { status: 'reopen_requested' },
          ],
        },
      ],
    },
    QUEUE_ROW_PROJECTION,
  )
    .sort({ 'assignment.deadline': 1, _id: 1 })
    .limit(QUEUE_LIMIT)
    .lean<QueueTicket[]>();
}

export interface TicketPage {
  tickets: StoredTicket[];
  /** Cursor of the next page; null on the last page. */
  next: string | null;
}

/** One page of tickets, newest first, stable under inserts (keyset pagination, not skip). */
export async function listTickets(options: {
  filters: TicketFilters;
  now: Date;
  limit: number;
  cursor?: string;
}): Promise<TicketPage> {
  const filter = buildTicketFilter(options.filters, options.now);
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const query: TicketFilter = after
    ? {
        $and: [
          filter,
          {
            $or: [
              { receivedAt: { $lt: after.receivedAt } },
              { receivedAt: after.receivedAt, _id: { $lt: after.id } },
            ],
          },
        ],
      }
    : filter;
  const found = await Ticket.find(query)
    .sort({ receivedAt: -1, _id: -1 })
    .limit(options.limit + 1)
    .lean<StoredTicket[]>();
  const tickets = found.slice(0, options.limit);
  const last = tickets[tickets.length - 1];
  const next =
    found.length > options.limit && last ? encodeCursor({ receivedAt: last.receivedAt, id: last._id }) : null;
  return { tickets, next };
}

/** The projected tickets matching `query`, oldest first (the numbers' one read). */
export async function findProjectedTickets<T>(
  query: TicketFilter,
  projection: Record<string, 1>,
): Promise<T[]> {
  return Ticket.find(query, projection).sort({ receivedAt: 1 }).lean<T[]>();
}

/** Documents a cursor holds at once: what one streamed report keeps of the database's answer. */
const STREAM_BATCH = 500;

/**
 * The projected tickets matching `query` in `sort` order, one at a time from a cursor (a batch of
 * STREAM_BATCH in memory, whatever the count): for exports that must not load a month at once.
 */
export function streamProjectedTickets<T>(
  query: TicketFilter,
  projection: Record<string, 1>,
  sort: Record<string, 1 | -1>,
): AsyncIterable<T> {
  return Ticket.find(query, projection)
    .sort(sort)
    .lean<T[]>()
    .cursor({ batchSize: STREAM_BATCH }) as AsyncIterable<T>;
}

/** How many tickets a unit still owes past their deadline; gives up after `maxTimeMs`. */
export async function countOverdueTickets(now: Date, maxTimeMs: number): Promise<number> {
  return Ticket.countDocuments({ status: { $in: WAITING_STATUSES }, 'assignment.deadline': { $lt: now } })
    .maxTimeMS(maxTimeMs)
    .exec();
}
