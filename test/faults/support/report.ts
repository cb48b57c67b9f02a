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

/** What a fault scenario must show: none lost, nothing twice, and every submission eventually stored. */
export function expectNothingLost(outcome: Outcome, submissions: Submission[], context: () => string): void {
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
  expect(counts.duplicates, `no e-mail twice\n${summary}`).to.equal(0);
  expect(outcome.problems, summary).to.deep.equal([]);
}
