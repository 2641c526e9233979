import type { Clock } from '../../../shared/portal/bitrix/clock';

/**
 * A clock whose `sleep` jumps virtual time forward at once, so limiter timing
 * is checked exactly and without real waiting. Records every sleep.
 */
export function virtualClock(start = 1_700_000_000_000): Clock & { sleeps: number[]; set(ms: number): void } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    set: (ms) => {
      now = ms;
    },
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      now += ms;
      // A macrotask turn, so a waiting loop cannot starve the rest of the test.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
