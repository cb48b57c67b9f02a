import { currentSupports, supportIsOpen, type SupportRecord } from '../../shared/tickets/co-handling.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';

function sizeVi(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * The supporting units of the current lead assignment as the lead's page shows them (co-handling):
 * each unit, its deadline, and its input with links to its files under the lead's own link.
 */
export function supportInputsModel(domain: TicketDomain, ticket: StoredTicket, basePath: string) {
  const supports = currentSupports(ticket as unknown as { status: string; supports: SupportRecord[] });
  return supports.map((support) => ({
    unitName: domain.unit(support.unitCode)?.name ?? support.unitCode,
    deadline: support.deadline,
    open: supportIsOpen(ticket, support),
    input: support.submittedAt
      ? {
          text: support.input?.text,
          responderName: support.input?.responderName,
          responderPosition: support.input?.responderPosition,
          submittedAt: support.submittedAt,
          onTime: support.input?.onTime,
          attachments: (support.input?.attachments ?? []).map((file) => ({
            filename: file.filename,
            size: sizeVi(file.size ?? 0),
            href: `${basePath}/attachments/${file.id}`,
          })),
        }
      : undefined,
  }));
}
