import type { ProcessingLevel } from './ticket-types.js';

/**
 * The processing level the switchboard reports (mức 1, 2, 3): 3 when the Office Chief marked the ticket
 * complex or asked other units to co-handle it, 1 when answered during the call, else 2 (forwarded to one unit:
 * routed, or still waiting to be). Pure; tickets stored before levels existed read the same way.
 */
export function processingLevelOf(ticket: {
  status: string;
  processingLevel?: number | null;
}): ProcessingLevel {
  if (ticket.processingLevel === 3) return 3;
  if (ticket.processingLevel === 1 || ticket.status === 'resolved_at_intake') return 1;
  return 2;
}

/** The MongoDB condition for one level, the same rule as processingLevelOf (for lists and filters). */
export function processingLevelCondition(level: ProcessingLevel): Record<string, unknown> {
  switch (level) {
    case 1:
      return { $or: [{ processingLevel: 1 }, { status: 'resolved_at_intake' }] };
    case 3:
      return { processingLevel: 3 };
    default:
      return { processingLevel: { $nin: [1, 3] }, status: { $ne: 'resolved_at_intake' } };
  }
}

/** How each level reads in pages, the report and the digest. */
export const PROCESSING_LEVEL_LABELS_VI: Readonly<Record<ProcessingLevel, string>> = {
  1: 'Mức 1 – trả lời ngay khi tiếp nhận',
  2: 'Mức 2 – chuyển một đơn vị xử lý',
  3: 'Mức 3 – phức tạp',
};
