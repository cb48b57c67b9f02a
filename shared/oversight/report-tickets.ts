import { WAITING_STATUSES } from '../tickets/lifecycle.js';
import { streamProjectedTickets } from '../tickets/repository/ticket-lists.js';
import { buildTicketFilter, type TicketFilter } from '../tickets/ticket-query.js';
import { STATS_PROJECTION, type StatsScope, type StatsTicket, type Window } from './ticket-stats.js';

/**
 * The monthly report's two reads, each streamed from a cursor so that the export's memory does not
 * grow with the month: the tickets received in the period (its rows), and the tickets its per-unit
 * summary can depend on.
 */

/** The summary never reads events (escalation levels are the rows' business): less to transfer. */
const SUMMARY_PROJECTION = Object.fromEntries(
  Object.entries(STATS_PROJECTION).filter(([field]) => !field.startsWith('events.')),
) as Record<string, 1>;

function scopedFilter(scope: StatsScope, now: Date): TicketFilter {
  return buildTicketFilter(
    {
      ...(scope.category ? { category: scope.category } : {}),
      ...(scope.unitCode ? { department: scope.unitCode } : {}),
      ...(scope.readableCategories ? { readableCategories: scope.readableCategories } : {}),
    },
    now,
  );
}

/** Tickets in `scope` received in `period`, oldest first (ties by id, so the order is stable). */
export function streamReceivedTickets(
  scope: StatsScope,
  period: Window,
  now: Date,
): AsyncIterable<StatsTicket> {
  return streamProjectedTickets<StatsTicket>(
    { $and: [scopedFilter(scope, now), { receivedAt: { $gte: period.from, $lt: period.to } }] },
    STATS_PROJECTION,
    { receivedAt: 1, _id: 1 },
  );
}

/**
 * Every ticket a unit row of `period` (unitTally) can count: assigned in it, answered in it, or still
 * owed by a unit now (overdue now, or overdue within the period). Nothing else adds to any figure.
 */
export function streamSummaryTickets(
  scope: StatsScope,
  period: Window,
  now: Date,
): AsyncIterable<StatsTicket> {
  const inPeriod = { $gte: period.from, $lt: period.to };
  return streamProjectedTickets<StatsTicket>(
    {
      $and: [
        scopedFilter(scope, now),
        {
          $or: [
            { 'assignment.assignedAt': inPeriod },
            { 'answer.answeredAt': inPeriod },
            { status: { $in: [...WAITING_STATUSES] } },
          ],
        },
      ],
    },
    SUMMARY_PROJECTION,
    { _id: 1 },
  );
}
