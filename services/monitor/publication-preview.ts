import { publicationDraft } from '../../shared/publication/publication-draft.js';
import { REMOVED_KIND_LABELS_VI } from '../../shared/publication/redact-personal-data.js';
import { randomToken } from '../../shared/security/tokens.js';
import { canStartFrom } from '../../shared/tickets/lifecycle.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import type { MonitorSession } from './monitor-session.js';

/** The preview before publishing: the cleaned text to review and edit, and what was taken out. */
export function publicationPreviewModel(session: MonitorSession, ticket: StoredTicket) {
  const draft = publicationDraft(ticket);
  return {
    staff: session.staff,
    csrf: session.csrfToken,
    formId: randomToken(16),
    code: ticket.code,
    publishable:
      canStartFrom('publish', ticket.status) &&
      Boolean(ticket.answer?.text) &&
      ticket.publication?.status !== 'published',
    question: draft.question,
    answer: draft.answer,
    removed: draft.removed.map((item) => ({ label: REMOVED_KIND_LABELS_VI[item.kind], text: item.text })),
  };
}
