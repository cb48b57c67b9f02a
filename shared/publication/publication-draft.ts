import { redactPersonalData, type Removed } from './redact-personal-data.js';

type Maybe<T> = T | null | undefined;

export interface PublishableTicket {
  subject?: Maybe<string>;
  content?: Maybe<string>;
  citizen?: Maybe<{ name?: Maybe<string>; address?: Maybe<string> }>;
  location?: Maybe<{ address?: Maybe<string> }>;
  answer?: Maybe<{ text?: Maybe<string>; responderName?: Maybe<string> }>;
}

export interface PublicationDraft {
  question: string;
  answer: string;
  removed: Removed[];
}

function knownOf(ticket: PublishableTicket) {
  return {
    names: [ticket.citizen?.name ?? undefined, ticket.answer?.responderName ?? undefined],
    addresses: [ticket.citizen?.address ?? undefined, ticket.location?.address ?? undefined],
  };
}

/** What the Office Chief is shown before publishing: the question and the answer with personal data removed. */
export function publicationDraft(ticket: PublishableTicket): PublicationDraft {
  const known = knownOf(ticket);
  const question = redactPersonalData([ticket.subject, ticket.content].filter(Boolean).join('\n\n'), known);
  const answer = redactPersonalData(ticket.answer?.text ?? '', known);
  return { question: question.text, answer: answer.text, removed: [...question.removed, ...answer.removed] };
}

/**
 * The text the chief submitted, cleaned once more: whatever they typed back in, or left, that looks
 * like personal data does not go out.
 */
export function finalPublication(
  ticket: PublishableTicket,
  submitted: { question: string; answer: string },
): PublicationDraft {
  const known = knownOf(ticket);
  const question = redactPersonalData(submitted.question, known);
  const answer = redactPersonalData(submitted.answer, known);
  return { question: question.text, answer: answer.text, removed: [...question.removed, ...answer.removed] };
}
