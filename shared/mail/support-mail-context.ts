import type { Config } from '../../config/env.js';
import { supportLinkToken, supportLinkUrl } from '../security/support-link.js';
import { describeTimeLeftVi } from '../time/format-vi.js';
import type { TicketDomain } from '../tickets/ticket-domain.js';

/** The ticket fields a supporting unit's e-mails read (co-handling). */
export interface SupportMailTicket {
  _id: { toString(): string };
  supports?: Array<{
    no: number;
    unitCode: string;
    deadline: Date;
    tokenSalt: string;
    note?: string | null;
    input?: { text?: string | null; responderName?: string | null } | null;
  }> | null;
  assignment?: { unitCode: string } | null;
}

/**
 * A supporting unit's e-mail (invitation, reminder, overdue notice, the escalation about it, the
 * lead's notice of its input) reads the support: its unit, its own deadline and, for the supporting
 * unit's own e-mails, its own link, re-derived like the answer link (never stored).
 */
export function supportMailContext(
  domain: TicketDomain,
  config: Pick<Config, 'LINK_SECRET' | 'PUBLIC_BASE_URL'>,
  ticket: SupportMailTicket,
  supportNo: number,
  context: Record<string, unknown> & { links: Record<string, unknown> },
  now: Date,
): Record<string, unknown> {
  const support = (ticket.supports ?? []).find((item) => item.no === supportNo);
  if (!support) return context;
  const calendar = domain.calendars.forUnit(support.unitCode);
  const supportUnit = domain.unit(support.unitCode);
  const leadUnit = ticket.assignment ? domain.unit(ticket.assignment.unitCode) : undefined;
  return {
    ...context,
    support: {
      unit: supportUnit,
      deadline: support.deadline,
      lateness: describeTimeLeftVi(now, support.deadline, calendar),
      note: support.note ?? undefined,
      input: support.input ?? undefined,
      link: supportLinkUrl(
        config.PUBLIC_BASE_URL,
        supportLinkToken(config.LINK_SECRET, ticket._id.toString(), support.no, support.tokenSalt),
      ),
    },
    leadUnit,
  };
}
