/** A clock the test moves by hand: stands still between moves, so spans come out exact. */
export function settableClock(start = new Date()): {
  clock: () => Date;
  advance(ms: number): void;
  now(): Date;
} {
  let now = start.getTime();
  return {
    clock: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
    now: () => new Date(now),
  };
}
