import { expect } from 'chai';
import { countsHeader, countsLine, type Outcome } from './outcome.js';
import type { Submission } from './ticket-client.js';

let headerPrinted = false;

/** Prints one scenario's table line (the header before the first one of the run). */
export function printCounts(scenario: string, outcome: Outcome & { waitedMs: number }, notes: string): void {
  if (!headerPrinted) {
    console.log(`\n${countsHeader()}\n|---|---|---|---|---|---|---|---|---|`);
    headerPrinted = true;
  }
  console.log(countsLine(scenario, outcome.counts, outcome.waitedMs, notes));
}

/**
 * What a fault scenario must show: every submission stored, assigned, its unit e-mailed and every
 * e-mail owed received, and no e-mail twice. `crashResends` (kill -9 only) allows that many
 * duplicates, each of a message whose outbox entry shows it was sent again after its sender died:
 * a process killed after the SMTP server took the message but before the send was recorded cannot
 * know, and SMTP offers no way to ask; the copy carries the same Message-ID.
 */
export function expectNothingLost(
  outcome: Outcome,
  submissions: Submission[],
  context: () => string,
  options: { crashResends?: number } = {},
): void {
  const refused = submissions.filter((s) => s.final !== 201 && s.final !== 200);
  expect(
    refused.map((s) => `${s.key}: ${s.statuses.join(',')}`),
    'every submission stored in the end',
  ).to.deep.equal([]);
  const { counts } = outcome;
  const summary = `${outcome.problems.join('\n')}\n${context()}`;
  expect(counts.stored, `stored = submitted\n${summary}`).to.equal(counts.submitted);
  expect(counts.assigned, `assigned = submitted\n${summary}`).to.equal(counts.submitted);
  expect(counts.emailed, `e-mailed = submitted\n${summary}`).to.equal(counts.submitted);
  expect(counts.escalated, `escalated = submitted\n${summary}`).to.equal(counts.submitted);
  expect(outcome.problems, summary).to.deep.equal([]);
  const duplicates = outcome.duplicated.map((d) => `${d.messageId} ×${d.copies} (attempts ${d.attempts})`);
  if (!options.crashResends) {
    expect(duplicates, `no e-mail twice\n${context()}`).to.deep.equal([]);
    return;
  }
  expect(
    counts.duplicates,
    `at most ${options.crashResends} crash re-sends: ${duplicates.join(', ')}`,
  ).to.be.at.most(options.crashResends);
  for (const d of outcome.duplicated) {
    expect(d.copies, `${d.messageId}: one copy more at most`).to.equal(2);
    expect(d.attempts, `${d.messageId}: sent again only after an interrupted attempt`).to.be.at.least(2);
  }
}
