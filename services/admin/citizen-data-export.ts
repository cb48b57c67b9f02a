import type { TicketView } from '../intake/ticket-view.js';
import type { ViewRenderer } from '../http/views.js';
import { STATUS_LABELS_VI } from '../../shared/tickets/status-labels-vi.js';

/** The readable Vietnamese copy of a person's tickets, as a standalone HTML file. */
export function citizenDataHtml(
  views: ViewRenderer,
  model: { now: Date; key: string; tickets: TicketView[] },
): string {
  return views.render('citizen-data-export.njk', {
    ...model,
    tickets: model.tickets.map((ticket) => ({
      ...ticket,
      receivedAtDate: new Date(ticket.receivedAt),
      statusLabel: STATUS_LABELS_VI[ticket.status as keyof typeof STATUS_LABELS_VI] ?? ticket.status,
    })),
  });
}
