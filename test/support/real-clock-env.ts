/**
 * The environment for a redis-server child when the suite runs under libfaketime (`npm run test:at`):
 * redis-server's jemalloc deadlocks on libfaketime's clock_gettime ("Unexpected recursive calls"),
 * so it runs on the real clock. Nothing is lost by that: BullMQ passes its timestamps from Node,
 * and Redis's own expiries are relative.
 */
export function realClockEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of Object.keys(copy)) {
    if (name === 'LD_PRELOAD' || name.startsWith('FAKETIME')) delete copy[name];
  }
  return copy;
}
