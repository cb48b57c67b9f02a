import {
  listStaffEvents,
  type StaffEventFilter,
  type StaffEventPage,
} from '../../shared/audit/staff-events.js';
import { findStaffByEmail } from '../../shared/staff/staff-accounts.js';
import type { JournalQuery } from './journal-query.js';

/**
 * One page of the access journal for the filters: a staff member given by e-mail is looked up (an
 * unknown e-mail matches nothing rather than everything).
 */
export async function journalPage(query: JournalQuery): Promise<StaffEventPage> {
  const filter: StaffEventFilter = {
    ...(query.ticket ? { ticketCode: query.ticket } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
  };
  if (query.actor) {
    if (query.actor.includes('@')) {
      const staff = await findStaffByEmail(query.actor);
      filter.actorId = staff ? staff._id.toString() : 'none';
    } else {
      filter.actorId = query.actor;
    }
  }
  return listStaffEvents(filter, { page: query.page, pageSize: query.limit });
}
