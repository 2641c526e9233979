import type { ManualSandboxClock, SandboxClock } from './types';

/** A limiter clock that only moves when a test says so; starts at `startMs` (default: now). */
export function createManualClock(startMs: number = Date.now()): ManualSandboxClock {
  let now = startMs;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    set(ms: number) {
      now = ms;
    },
  };
}

/**
 * The wall clock sped up `scale` times from the moment of creation, so a
 * 10-minute budget window passes in 10/scale real minutes.
 */
export function createScaledClock(scale: number): SandboxClock {
  const origin = Date.now();
  return { now: () => origin + (Date.now() - origin) * scale };
}
