/** Jobs a worker process is working on now, by queue, read from its /metrics (`worker_jobs_active`). */
export async function activeJobsOf(workerUrl: string): Promise<Record<string, number>> {
  const response = await fetch(`${workerUrl}/metrics`, { signal: AbortSignal.timeout(2000) });
  const text = await response.text();
  const active: Record<string, number> = {};
  for (const match of text.matchAll(/^worker_jobs_active\{queue="([^"]+)"\} (\d+(?:\.\d+)?)$/gm)) {
    active[match[1]!] = Number(match[2]);
  }
  return active;
}
