import type { Request } from 'express';
import type winston from 'winston';
import type { Clock } from '../../shared/clock.js';
import {
  recordStaffEvents,
  type StaffEventActor,
  type StaffEventInput,
} from '../../shared/audit/staff-events.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';

/** Who is acting, for the staff-event store: a staff member, a unit's link, or someone not logged in. */
export type RequestActor = Omit<StaffEventActor, 'ip'>;

/** Someone not (yet) logged in. */
export const ANONYMOUS: RequestActor = { name: 'Chưa đăng nhập', role: 'anonymous' };

export function staffAsActor(staff: StaffPrincipal): RequestActor {
  return { id: staff.id, name: staff.name, role: staff.role };
}

export function ticketRef(ticket: Pick<StoredTicket, '_id' | 'code'>): { id: string; code: string } {
  return { id: ticket._id.toString(), code: ticket.code };
}

/**
 * Records what a request did (one insert), without making the request wait or fail on it: the
 * store logs a warning when the insert fails (shared/audit/staff-events.ts). The client address is
 * `req.ip`, which honours TRUST_PROXY.
 */
export function recordRequestEvents(
  deps: { log: winston.Logger; clock: Clock },
  req: Request,
  actor: RequestActor,
  events: Array<Omit<StaffEventInput, 'actor' | 'at'>>,
): void {
  const at = deps.clock();
  const withIp: StaffEventActor = { ...actor, ip: req.ip ?? req.socket.remoteAddress ?? 'unknown' };
  void recordStaffEvents(
    deps.log,
    events.map((event) => ({ ...event, actor: withIp, at })),
  );
}

export function recordRequestEvent(
  deps: { log: winston.Logger; clock: Clock },
  req: Request,
  actor: RequestActor,
  event: Omit<StaffEventInput, 'actor' | 'at'>,
): void {
  recordRequestEvents(deps, req, actor, [event]);
}
