import type { YearFigures } from './year.js';

const n0 = (value: number): string =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–';
const ms = (value: number): string => (Number.isFinite(value) ? `${n0(value)} ms` : '–');
const ratio = (ours: number, baseline: number): string =>
  Number.isFinite(ours) && Number.isFinite(baseline) && baseline > 0
    ? `${(ours / baseline).toFixed(2)}×`
    : '–';

/** The year benchmark as Markdown: every figure with a year stored next to the empty database's. */
export function renderYear(y: YearFigures): string[] {
  const lines = [
    `## A year of tickets: ${n0(y.seeded.tickets)} stored`,
    '',
    `\`bench/year-seed.ts\` stored ${n0(y.seeded.tickets)} tickets received over the 12 months before the run (seasonal: Tết and summer busiest; ` +
      `the routing table's units and categories; statuses as time leaves them: closed after the call-back, answered, ` +
      `${n0(y.seeded.waiting)} still owed by a unit with their timers pending, ${n0(y.seeded.overdue)} of them overdue and escalated) ` +
      `in ${y.seeded.seconds.toFixed(0)} s (insertMany, not measured). One HTTP service process, no workers. ` +
      `Intake: autocannon, ${y.connections} connections, ${y.durationS} s. Reads: ${y.empty.reads[0]?.requests ?? 0} sequential requests each after a warm-up, as the Office Chief (session cookie, or bearer token for the API).`,
    '',
    '| figure | empty database | a year stored | ratio |',
    '|---|---:|---:|---:|',
    `| intake, tickets/s (2xx) | ${n0(y.empty.intake.perSecond)} | ${n0(y.year.intake.perSecond)} | ${ratio(y.year.intake.perSecond, y.empty.intake.perSecond)} |`,
    `| intake, latency p99 | ${ms(y.empty.intake.p99Ms)} | ${ms(y.year.intake.p99Ms)} | ${ratio(y.year.intake.p99Ms, y.empty.intake.p99Ms)} |`,
  ];
  y.year.reads.forEach((read, i) => {
    const empty = y.empty.reads[i];
    lines.push(
      `| ${read.label}, p95 (p50) | ${empty ? `${ms(empty.p95Ms)} (${ms(empty.p50Ms)})` : '–'} | ${ms(read.p95Ms)} (${ms(read.p50Ms)})${read.failures ? `, ${read.failures} failed` : ''} | ${empty ? ratio(read.p95Ms, empty.p95Ms) : '–'} |`,
    );
  });
  lines.push(
    '',
    "Monthly XLSX export through `GET /api/v1/reports/export` (streamed: rows from a cursor into ExcelJS's streaming writer), downloaded whole; " +
      `RSS of the HTTP process sampled every 20 ms while it ran. The empty database's month is this month (the tickets intake stored).`,
    '',
    '| database | month | tickets | time | file | RSS before | RSS peak | peak − before |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const [name, phase] of [
    ['empty', y.empty],
    ['a year', y.year],
  ] as const) {
    for (const e of phase.exports) {
      lines.push(
        `| ${name} | ${e.month} | ${n0(e.tickets)} | ${e.seconds.toFixed(1)} s | ${n0(e.bytes / 1024)} KiB | ${n0(e.rssBeforeMiB)} MiB | ${n0(e.rssPeakMiB)} MiB | ${n0(e.rssPeakMiB - e.rssBeforeMiB)} MiB |`,
      );
    }
  }
  lines.push('');
  return lines;
}
