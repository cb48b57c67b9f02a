/** An answer kept when the ticket was reopened after an unsatisfied call-back (a copy of `answer`). */
export interface PreviousAnswer {
  text?: string;
  responderName?: string;
  answeredAt?: Date;
  unitCode?: string;
}

/** The answers kept through reopenings, oldest first, with their unit's name for people to read. */
export function previousAnswersWithUnit(
  ticket: { previousAnswers?: readonly PreviousAnswer[] | null },
  unitName: (unitCode: string) => string | undefined,
): Array<PreviousAnswer & { unitName: string }> {
  return (ticket.previousAnswers ?? []).map((previous) => ({
    text: previous.text,
    responderName: previous.responderName,
    answeredAt: previous.answeredAt,
    unitName: previous.unitCode ? (unitName(previous.unitCode) ?? previous.unitCode) : '',
  }));
}
