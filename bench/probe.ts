/**
 * Preloaded into the benchmark's service processes (`--import ./bench/probe.ts`), never into
 * production. Counts the MongoDB commands this process sends (driver command monitoring; the URI
 * carries `monitorCommands=true`) and, on SIGUSR2, writes a snapshot to BENCH_PROBE_FILE: the
 * counts by command and collection, and this process's CPU time. The bench takes one snapshot
 * before and one after a measured run; the difference, divided by the tickets, is a figure that
 * carries over to a real MongoDB (round trips), unlike the stand-in's speed.
 */
import { writeFileSync } from 'node:fs';
import mongoose from 'mongoose';

const file = process.env.BENCH_PROBE_FILE;
const byCommand: Record<string, number> = {};
let total = 0;
let seq = 0;

interface CommandStarted {
  commandName: string;
  command: Record<string, unknown>;
}

mongoose.connection.on('connected', () => {
  const client = mongoose.connection.getClient();
  client.on('commandStarted', (event: CommandStarted) => {
    const target = event.command[event.commandName];
    const key = typeof target === 'string' ? `${event.commandName} ${target}` : event.commandName;
    byCommand[key] = (byCommand[key] ?? 0) + 1;
    total++;
  });
});

if (file) {
  process.on('SIGUSR2', () => {
    const cpu = process.cpuUsage();
    writeFileSync(
      file,
      JSON.stringify({ seq: ++seq, mongo: { total, byCommand }, cpuMs: (cpu.user + cpu.system) / 1000 }),
    );
  });
}
