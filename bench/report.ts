import type { StageCosts } from './costs.js';
import type { IntakeRun } from './intake.js';
import type { PipelineFigures } from './pipeline.js';
import type { TimerRun } from './timers.js';
import type { TextCleaningFigures } from './text.js';
import { renderYear } from './year-report.js';
import type { YearFigures } from './year.js';

export interface BenchEnvironment {
  date: string;
  mongo: string;
  mongoKind: 'stand-in' | 'MongoDB';
  node: string;
  cores: number;
  cpu: string;
  platform: string;
  redis: string;
  commit: string;
  command: string;
  seconds?: number;
  /** 1-minute load average when the run started and ended: other jobs on the machine skew every figure. */
  loadAverage: { start: number; end?: number };
}

export interface BenchResults {
  environment: BenchEnvironment;
  intake?: { durationS: number; runs: IntakeRun[] };
  pipeline?: PipelineFigures & { full: boolean };
  timers?: TimerRun[];
  text?: TextCleaningFigures;
  year?: YearFigures;
}

const n0 = (value: number): string =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–';
const ms = (value: number): string => (Number.isFinite(value) ? `${n0(value)} ms` : '–');
const ratio = (ours: number, baseline: number): string =>
  Number.isFinite(ours) && Number.isFinite(baseline) && baseline > 0
    ? `${(ours / baseline).toFixed(2)}×`
    : '–';

const n2 = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : '–');

/** One row of the per-ticket cost table: what carries over to another machine or a real MongoDB. */
function costRow(stage: string, costs: StageCosts | undefined): string {
  if (!costs) return `| ${stage} | – | – | – | – |`;
  const cpu = Object.entries(costs.cpuMsPerTicket)
    .map(([process, perTicket]) => `${process} ${n2(perTicket)}`)
    .join(', ');
  const commands = Object.entries(costs.mongoByCommand)
    .filter(([, perTicket]) => perTicket >= 0.01)
    .slice(0, 6)
    .map(([command, perTicket]) => `${command} ${n2(perTicket)}`)
    .join(', ');
  return `| ${stage} | ${n0(costs.tickets)} | ${n2(costs.mongoCommandsPerTicket)} (${commands}) | ${n2(costs.redisCommandsPerTicket)} | ${cpu} |`;
}

const COST_NOTE =
  'MongoDB commands: counted by the driver in the service process (command monitoring, `bench/probe.ts`). ' +
  "Redis commands: INFO commandstats of the run's own redis-server (commands run inside BullMQ's Lua scripts count one each). " +
  'CPU: user + system time of each process from /proc over the measured run, divided by the tickets it stored or sent.';

/** The run as Markdown: every figure next to its baseline from the same run, and their ratio. */
export function renderMarkdown(results: BenchResults): string {
  const env = results.environment;
  const lines = [
    `# Benchmarks, ${env.date}`,
    '',
    `- **MongoDB: ${env.mongo}.**${env.mongoKind === 'stand-in' ? ' Figures that touch the database measure the stand-in, not MongoDB.' : ''}`,
    `- Node.js ${env.node}; ${env.cores} cores (${env.cpu}); ${env.platform}; Redis ${env.redis} (a redis-server of the run's own, nothing on disk).`,
    `- Commit ${env.commit}. Command: \`${env.command}\`${env.seconds ? `; took ${n0(env.seconds)} s` : ''}.`,
    `- Every process (service, workers, stand-in, redis-server, load generator) shares the same cores; 1-minute load average ${env.loadAverage.start.toFixed(2)} at the start, ${env.loadAverage.end?.toFixed(2) ?? '–'} at the end (anything else running on the machine skews the figures).`,
    '',
  ];
  if (results.text) {
    const t = results.text;
    lines.push(
      '## Text cleaning: the longest field (`content`) through the intake schema',
      '',
      `Event-loop time of validating one ticket body (synchronous: the loop is blocked for exactly this long), median and maximum of ${t.repetitions} runs. ` +
        `The field's limit is ${n0(t.fieldMax)} characters; raw input up to ${n0(t.rawLimit)} is cleaned, longer is refused unread. ` +
        'Before issue 14, the first hostile shape below at 63,000 characters blocked the loop for 11 s.',
      '',
      '| content | characters | median | max | accepted | ratio to typical (medians) |',
      '|---|---:|---:|---:|---|---:|',
    );
    for (const c of [t.typical, ...t.cases]) {
      lines.push(
        `| ${c.label} | ${n0(c.chars)} | ${c.medianMs.toFixed(2)} ms | ${c.maxMs.toFixed(2)} ms | ${c.accepted ? 'yes' : 'no'} | ${ratio(c.medianMs, t.typical.medianMs)} |`,
      );
    }
    lines.push('', `Worst hostile case: ${t.worstRatio.toFixed(2)}× the typical one.`, '');
  }
  if (results.intake) {
    lines.push(
      `## Intake: \`POST /api/v1/tickets\``,
      '',
      `autocannon (programmatic), ${results.intake.durationS} s per figure, a unique Idempotency-Key per request, after a warm-up. ` +
        'Ours: the HTTP service (bearer auth, validation, code allocation, insert, routing enqueued) in its own process. ' +
        'Baseline: a bare Express app in that same process, `express.json()` and a 201.',
      '',
      '| connections | figure | ours | baseline (bare Express) | ratio |',
      '|---:|---|---:|---:|---:|',
    );
    for (const run of results.intake.runs) {
      lines.push(
        `| ${run.connections} | tickets/s (2xx) | ${n0(run.ours.perSecond)} | ${n0(run.baseline.perSecond)} | ${ratio(run.ours.perSecond, run.baseline.perSecond)} |`,
        `| ${run.connections} | latency p50 | ${ms(run.ours.p50Ms)} | ${ms(run.baseline.p50Ms)} | ${ratio(run.ours.p50Ms, run.baseline.p50Ms)} |`,
        `| ${run.connections} | latency p99 | ${ms(run.ours.p99Ms)} | ${ms(run.baseline.p99Ms)} | ${ratio(run.ours.p99Ms, run.baseline.p99Ms)} |`,
        `| ${run.connections} | non-2xx / errors | ${run.ours.non2xx} / ${run.ours.errors} | ${run.baseline.non2xx} / ${run.baseline.errors} | |`,
      );
    }
    lines.push(
      '',
      'Non-2xx of ours past capacity are 503 `OVERLOADED` with `Retry-After` (INTAKE_MAX_IN_FLIGHT, default 64 per process); a switchboard retries them with the same Idempotency-Key.',
      '',
      '| stage: per new ticket | tickets | MongoDB commands | Redis commands | CPU ms |',
      '|---|---:|---|---:|---|',
      ...results.intake.runs.map((run) => costRow(`intake, ${run.connections} connections`, run.costs)),
      '',
      COST_NOTE,
      '',
    );
  }
  if (results.pipeline) {
    const p = results.pipeline;
    lines.push(
      `## Pipeline: stored ticket → routed → assignment e-mail accepted by SMTP`,
      '',
      `N = ${n0(p.n)}${p.full ? ' (`--full`)' : " (default; `--full` runs the issue's 10,000)"}. Tickets stored first, then \`enqueueRoute\` for each (200 in flight); ` +
        `one \`main/main.ts --workers\` process (WORKER_CONCURRENCY=${p.concurrency ?? 4}) routes them and e-mails each unit; the clock stops when the SMTP sink ` +
        `has accepted all N assignment e-mails. Baseline: N no-op jobs added the same way to one BullMQ queue, one worker of concurrency ${p.concurrency ?? 4}.`,
      '',
      '| figure | ours | baseline (no-op BullMQ jobs) | ratio |',
      '|---|---:|---:|---:|',
      `| throughput | ${n0(p.ticketsPerSecond)} tickets/s | ${n0(p.baselineJobsPerSecond)} jobs/s | ${ratio(p.ticketsPerSecond, p.baselineJobsPerSecond)} |`,
      `| wall time for N | ${p.seconds.toFixed(1)} s | ${p.baselineSeconds.toFixed(1)} s | ${ratio(p.seconds, p.baselineSeconds)} |`,
      `| enqueue → e-mail latency p50 / p99 | ${ms(p.p50Ms)} / ${ms(p.p99Ms)} | – | |`,
      `| e-mails received twice | ${p.duplicates} | – | |`,
      '',
      '| stage: per ticket | tickets | MongoDB commands | Redis commands | CPU ms |',
      '|---|---:|---|---:|---|',
      costRow('routing + assignment e-mail (one workers process)', p.costs),
      '',
      COST_NOTE,
      '',
    );
  }
  if (results.timers) {
    const base = results.timers.find((run) => run.pending === 0);
    lines.push(
      '## Timers: escalation lateness and Redis memory',
      '',
      '200 real tickets whose level-1 escalation falls due over 10 s, enqueued with `enqueueTimer` and fired by the real deadline worker ' +
        '(`--workers` process); lateness = the `escalated` event\'s time − the due time. "Pending": other deadline jobs of the same shape ' +
        "(`timer`, `{ ticketId, seq }`, due in 30+ days, for tickets that do not exist) waiting in BullMQ's delayed set, added with `addBulk`. " +
        'Baseline: the same probes with nothing else pending. Memory: `INFO memory` used_memory after adding them − before, per job.',
      '',
      '| pending deadlines | lateness p50 | lateness p99 | max | p99 ratio to 0 pending | Redis bytes per pending deadline |',
      '|---:|---:|---:|---:|---:|---:|',
    );
    for (const run of results.timers) {
      lines.push(
        `| ${n0(run.pending)} | ${ms(run.p50Ms)} | ${ms(run.p99Ms)} | ${ms(run.maxMs)} | ${base ? ratio(run.p99Ms, base.p99Ms) : '–'} | ${run.bytesPerPending ? n0(run.bytesPerPending) : '–'} |`,
      );
    }
    lines.push('');
  }
  if (results.year) lines.push(...renderYear(results.year));
  return `${lines.join('\n')}\n`;
}
