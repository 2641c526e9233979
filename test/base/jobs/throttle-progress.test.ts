import { describe, expect, it } from 'vitest';
import { throttleProgress } from '../../../shared/base/jobs/throttle-progress';

describe('throttleProgress', () => {
  it('delivers the first state at once, drops bursts, and flushes the last one', () => {
    let now = 0;
    const seen: number[] = [];
    const report = throttleProgress<number>((n) => seen.push(n), { intervalMs: 100, now: () => now });
    for (let i = 0; i <= 50; i++) {
      report(i);
      now += 10;
    }
    report.flush();
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(50);
    expect(seen.length).toBeLessThanOrEqual(8);
  });

  it('always delivers a final state even inside the interval', () => {
    const seen: string[] = [];
    const report = throttleProgress<string>((s) => seen.push(s), { intervalMs: 1_000, now: () => 0, isFinal: (s) => s === 'done' });
    report('start');
    report('middle');
    report('done');
    expect(seen).toEqual(['start', 'done']);
    report.flush();
    expect(seen).toEqual(['start', 'done']);
  });
});
