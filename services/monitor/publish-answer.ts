import { z } from 'zod';
import { AppError } from '../../shared/errors/app-error.js';
import { finalPublication } from '../../shared/publication/publication-draft.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import { canStartFrom } from '../../shared/tickets/lifecycle.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import { applyTransition } from '../../shared/tickets/repository/ticket-transitions.js';
import { parseInput } from '../http/validate-input.js';
import { rawText } from '../../shared/text/raw-text.js';
import { cleanMultilineText } from '../../shared/text/clean-text.js';
import {
  explainLostRace,
  FormText,
  staffActor,
  type ActionDeps,
  type ActionOutcome,
} from './ticket-action.js';

const PUBLISHED_MAX = 10_000;
const PublishedText = rawText(PUBLISHED_MAX)
  .transform(cleanMultilineText)
  .pipe(z.string().min(1, 'Vui lòng nhập nội dung.').max(PUBLISHED_MAX));

export const PublishFormSchema = z.object({
  formId: z.string().regex(/^[A-Za-z0-9_-]{16,40}$/),
  question: PublishedText,
  answer: PublishedText,
});

export const WithdrawFormSchema = z.object({
  formId: z.string().regex(/^[A-Za-z0-9_-]{16,40}$/),
  reason: FormText(1),
});

/**
 * Publishes an answered ticket's question and answer at /cong-khai, as the Office Chief reviewed
 * them in the preview; the text is cleaned of personal data once more on the way in.
 */
export async function publishAnswer(
  deps: ActionDeps,
  staff: StaffPrincipal,
  ticket: StoredTicket,
  body: unknown,
): Promise<ActionOutcome> {
  const form = parseInput(PublishFormSchema, body);
  if (!canStartFrom('publish', ticket.status) || !ticket.answer?.text) {
    throw new AppError(409, 'CONFLICT', { message: 'Chỉ công khai được phiếu đã có trả lời của đơn vị.' });
  }
  const final = finalPublication(ticket, form);
  const now = deps.clock();
  const ticketId = ticket._id.toString();
  const result = await applyTransition(
    'publish',
    {
      ticketId,
      extra: { 'publication.status': { $ne: 'published' }, 'events.data.formId': { $ne: form.formId } },
    },
    {
      set: {
        publication: {
          status: 'published',
          question: final.question,
          answer: final.answer,
          publishedAt: now,
          publishedBy: { id: staff.id, name: staff.name },
        },
      },
      events: [
        {
          at: now,
          type: 'published',
          actor: staffActor(staff),
          data: { formId: form.formId, removed: final.removed.length },
        },
      ],
    },
  );
  if (result.outcome === 'changed') return 'done';
  return explainLostRace(deps.domain, ticketId, form.formId);
}

/** Takes a published answer down; the withdrawal and its reason are an event of the ticket. */
export async function withdrawPublication(
  deps: ActionDeps,
  staff: StaffPrincipal,
  ticket: StoredTicket,
  body: unknown,
): Promise<ActionOutcome> {
  const form = parseInput(WithdrawFormSchema, body);
  const ticketId = ticket._id.toString();
  const now = deps.clock();
  const result = await applyTransition(
    'withdrawPublication',
    { ticketId, extra: { 'publication.status': 'published', 'events.data.formId': { $ne: form.formId } } },
    {
      set: {
        'publication.status': 'withdrawn',
        'publication.withdrawnAt': now,
        'publication.withdrawnBy': { id: staff.id, name: staff.name },
        'publication.withdrawReason': form.reason,
      },
      events: [
        {
          at: now,
          type: 'publication_withdrawn',
          actor: staffActor(staff),
          data: { formId: form.formId, reason: form.reason },
        },
      ],
    },
  );
  if (result.outcome === 'changed') return 'done';
  return explainLostRace(deps.domain, ticketId, form.formId);
}
