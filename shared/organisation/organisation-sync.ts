import type { TicketDomain } from '../tickets/ticket-domain.js';
import { parseOrganisation, organisationData } from './organisation-data.js';
import { findVersion, latestVersionNumber, seedIfEmpty } from './organisation-store.js';

/**
 * Keeps a process's TicketDomain on the newest stored organisation. Before a request or a job, the
 * version number is read from MongoDB (one indexed read, skipped for `cacheMs` after the last one);
 * only when it moved is the version itself loaded, validated again and installed. MongoDB is the
 * only truth: nothing here depends on Redis, and a process that missed nothing simply reads one number.
 * A read that fails keeps the organisation in use (logged), so an outage never blocks intake.
 */
export function attachOrganisationStore(
  domain: TicketDomain,
  options: { cacheMs: number; now: () => Date; warn: (message: string) => void },
): { seed(): Promise<void>; refresh(force?: boolean): Promise<void> } {
  let checkedAt = -Infinity;
  let running: Promise<void> | undefined;

  const load = async (): Promise<void> => {
    const latest = await latestVersionNumber();
    checkedAt = Date.now();
    if (latest === 0 || latest === domain.version) return;
    const stored = await findVersion(latest);
    if (!stored) return;
    const parsed = parseOrganisation(stored);
    if (!parsed.ok) {
      options.warn(`Organisation version ${latest} is invalid and was not installed: ${parsed.problems.map((p) => p.path).join(', ')}`);
      return;
    }
    domain.install(parsed.organisation, latest);
  };

  const refresh = async (force = false): Promise<void> => {
    if (force) {
      // After this process saved a version: a read already under way may predate the save.
      await running;
      await load();
      return;
    }
    if (Date.now() - checkedAt < options.cacheMs) return;
    // One read at a time per process; concurrent callers wait for the same one.
    running ??= load()
      .catch((error: unknown) => {
        options.warn(`Organisation refresh failed, keeping version ${domain.version}: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        running = undefined;
      });
    await running;
  };

  domain.attachRefresh((force) => refresh(force));
  return {
    seed: async () => {
      await seedIfEmpty(organisationData(domain), options.now());
      await refresh(true);
    },
    refresh,
  };
}
