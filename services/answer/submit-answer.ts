import { checkAttachments, type ReceivedFile } from '../../shared/answering/attachment-check.js';
import { recordAnswer } from '../../shared/answering/record-answer.js';
import type { LinkedTicket } from '../../shared/answering/resolve-answer-link.js';
import type { ActionOutcome, UnitActionDeps } from '../../shared/answering/unit-action.js';
import { parseInput } from '../http/validate-input.js';
import { AnswerFormSchema } from './answer-forms.schema.js';

/** The answer page's form: parsed and checked here, recorded by the shared use case (as e-mailed answers are). */
export async function submitAnswer(
  deps: UnitActionDeps,
  linked: LinkedTicket,
  body: unknown,
  files: ReceivedFile[],
): Promise<ActionOutcome> {
  const form = parseInput(AnswerFormSchema, body);
  const attachments = checkAttachments(files);
  return recordAnswer(
    deps,
    linked,
    { text: form.text, responderName: form.name, responderPosition: form.position, formId: form.formId },
    attachments,
  );
}
