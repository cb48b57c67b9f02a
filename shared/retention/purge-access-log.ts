import { purgeStaffEventsBefore } from '../audit/staff-events.js';

/** Deletes the access log's entries older than `before` (policy `retention.keepAccessLog`); returns how many went. */
export async function purgeAccessLogBefore(before: Date): Promise<number> {
  return purgeStaffEventsBefore(before);
}
