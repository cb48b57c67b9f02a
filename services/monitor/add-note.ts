import { z } from 'zod';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import { isRepeatOf } from '../../shared/tickets/lifecycle.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import { applyTransition } from '../../shared/tickets/repository/ticket-transitions.js';
import { parseInput } from '../http/validate-input.js';
import { FormText, staffActor, type ActionDeps, type ActionOutcome } from './ticket-action.js';

export const NoteFormSchema = z.object({
  formId: z.string().regex(/^[A-Za-z0-9_-]{16,40}$/),
  text: FormText(1),
});

/**
 * An internal note (ghi chú nội bộ) in the ticket's log: seen on the dashboard only, never by the
 * unit or the citizen. Notes change no state, so any state accepts one; the same form twice adds one.
 */
export async function addNote(
  deps: ActionDeps,
  staff: StaffPrincipal,
  ticket: StoredTicket,
  body: unknown,
): Promise<ActionOutcome> {
  const form = parseInput(NoteFormSchema, body);
  if (isRepeatOf(ticket, form.formId)) return 'repeat';
  const result = await applyTransition(
    'addNote',
    { ticketId: ticket._id.toString(), extra: { 'events.data.formId': { $ne: form.formId } } },
    {
      events: [
        { at: deps.clock(), type: 'note', actor: staffActor(staff), data: { formId: form.formId, text: form.text } },
      ],
    },
  );
  return result.outcome === 'changed' ? 'done' : 'repeat';
}
