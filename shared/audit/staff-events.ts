import { StaffEvent, type StaffEventKind, type StaffEventRecord } from '../db/models/staff-event.model.js';

export type { StaffEventKind } from '../db/models/staff-event.model.js';
export { STAFF_EVENT_KINDS } from '../db/models/staff-event.model.js';

/**
 * The staff-event store (issue 14 and issue 16 item 1): insert and find, nothing else. There is no
 * update or delete here on purpose; code that needs one has misunderstood the store.
 */

/** Where a failed insert is reported (the service's winston logger, or the CLI's stderr). */
export interface WarnLog {
  warn(message: string, meta?: object): unknown;
}

/** Who did it and from where. */
export interface StaffEventActor {
  /** Staff id; absent for a unit (answer link), the CLI's user, or someone not logged in. */
  id?: string;
  name: string;
  /** A staff role, or `unit`, `cli`, `anonymous`. */
  role: string;
  /** Client address as Express sees it (req.ip), or `cli`. */
  ip: string;
}

export interface StaffEventInput {
  kind: StaffEventKind;
  actor: StaffEventActor;
  at: Date;
  ticket?: { id: string; code: string };
  target?: string;
  data?: Record<string, unknown>;
}

export interface StaffEventView {
  id: string;
  at: Date;
  actorId?: string;
  actorName: string;
  role: string;
  kind: StaffEventKind;
  ip: string;
  ticketId?: string;
  ticketCode?: string;
  target?: string;
  data?: Record<string, unknown>;
}

function toDocument(event: StaffEventInput): Record<string, unknown> {
  return {
    at: event.at,
    ...(event.actor.id ? { actorId: event.actor.id } : {}),
    actorName: event.actor.name || '—',
    role: event.actor.role,
    kind: event.kind,
    ip: event.actor.ip || 'unknown',
    ...(event.ticket ? { ticketId: event.ticket.id, ticketCode: event.ticket.code } : {}),
    ...(event.target ? { target: event.target } : {}),
    ...(event.data ? { data: event.data } : {}),
  };
}

/**
 * Records staff events with one insert. The promise never rejects: a request that showed a ticket
 * must not fail because its log line could not be written, so callers on a request path do not
 * await it (`void recordStaffEvents(...)`); a failed insert is never silent either: it is logged as
 * a warning naming the kinds and tickets (codes only, no personal data). The CLI awaits it.
 */
export async function recordStaffEvents(log: WarnLog, events: StaffEventInput[]): Promise<void> {
  if (events.length === 0) return;
  try {
    if (events.length === 1) await StaffEvent.create(toDocument(events[0]!));
    else await StaffEvent.insertMany(events.map(toDocument), { ordered: false });
  } catch (error) {
    log.warn('staff event not recorded', {
      kinds: [...new Set(events.map((event) => event.kind))],
      tickets: events.flatMap((event) => (event.ticket ? [event.ticket.code] : [])).slice(0, 20),
      error: (error as Error).message,
    });
  }
}

export function recordStaffEvent(log: WarnLog, event: StaffEventInput): Promise<void> {
  return recordStaffEvents(log, [event]);
}

export interface StaffEventFilter {
  ticketCode?: string;
  actorId?: string;
  kind?: StaffEventKind;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

export interface StaffEventPage {
  events: StaffEventView[];
  page: number;
  pageSize: number;
  hasNext: boolean;
}

/** Newest first, `pageSize` a page (page 1 is the newest). */
export async function listStaffEvents(
  filter: StaffEventFilter,
  paging: { page: number; pageSize: number },
): Promise<StaffEventPage> {
  const query: Record<string, unknown> = {};
  if (filter.ticketCode) query.ticketCode = filter.ticketCode;
  if (filter.actorId) query.actorId = filter.actorId;
  if (filter.kind) query.kind = filter.kind;
  if (filter.from || filter.to) {
    query.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  }
  const rows = await StaffEvent.find(query)
    .sort({ at: -1, _id: -1 })
    .skip((paging.page - 1) * paging.pageSize)
    .limit(paging.pageSize + 1)
    .lean<StaffEventRecord[]>();
  return {
    events: rows.slice(0, paging.pageSize).map(toView),
    page: paging.page,
    pageSize: paging.pageSize,
    hasNext: rows.length > paging.pageSize,
  };
}

export const listStaffEventsByTicket = (ticketCode: string, paging: { page: number; pageSize: number }) =>
  listStaffEvents({ ticketCode }, paging);
export const listStaffEventsByActor = (actorId: string, paging: { page: number; pageSize: number }) =>
  listStaffEvents({ actorId }, paging);
export const listStaffEventsInPeriod = (from: Date, to: Date, paging: { page: number; pageSize: number }) =>
  listStaffEvents({ from, to }, paging);

function toView(row: StaffEventRecord): StaffEventView {
  return {
    id: row._id.toString(),
    at: row.at,
    ...(row.actorId ? { actorId: row.actorId } : {}),
    actorName: row.actorName,
    role: row.role,
    kind: row.kind as StaffEventKind,
    ip: row.ip,
    ...(row.ticketId ? { ticketId: row.ticketId } : {}),
    ...(row.ticketCode ? { ticketCode: row.ticketCode } : {}),
    ...(row.target ? { target: row.target } : {}),
    ...(row.data ? { data: row.data as Record<string, unknown> } : {}),
  };
}

/**
 * The retention policy's end of the access log (`retention.keepAccessLog`): entries older than
 * `before` go. The only deletion the store allows; no request path calls it, only the retention job.
 */
export async function purgeStaffEventsBefore(before: Date): Promise<number> {
  const result = await StaffEvent.deleteMany({ at: { $lt: before } });
  return result.deletedCount;
}
