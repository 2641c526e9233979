import { describe, expect, it } from 'vitest';
import { planLimits, RateLimiter } from '../../../shared/portal/bitrix/rate-limiter';
import { virtualClock } from './virtual-clock';

const none = new Map<string, number>();

describe('RateLimiter (virtual clock)', () => {
  it('lets the burst through at once, then paces at the drain rate', async () => {
    const clock = virtualClock();
    const settings = { ...planLimits('standard'), maxInFlight: 100 };
    const limiter = new RateLimiter(settings, clock);
    const start = clock.now();
    const times: number[] = [];
    for (let i = 0; i < 60; i += 1) {
      const permit = await limiter.acquire(none);
      times.push(clock.now() - start);
      permit.release();
    }
    const capacity = Math.floor(50 * (1 - settings.headroom));
    expect(times.slice(0, capacity).every((t) => t === 0)).toBe(true);
    // After the burst, one request per 1/2 s: never faster than the portal drains.
    for (let i = capacity; i < 60; i += 1) expect(times[i]).toBeGreaterThanOrEqual((i + 1 - capacity) * 500 - 1);
    expect(times[59]).toBeLessThanOrEqual((60 - capacity) * 500 + 5);
  });

  it('after a 503 treats the bucket as full and waits a drain interval', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(planLimits('standard'), clock);
    limiter.noteRateLimited();
    const before = clock.now();
    (await limiter.acquire(none)).release();
    expect(clock.now() - before).toBeGreaterThanOrEqual(Math.floor(50 * 0.04) * 500);
    expect(limiter.rateLimitedCount).toBe(1);
  });

  it('never sends a request that would overrun a method budget; waits for operating_reset_at', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(planLimits('standard'), clock);
    const resetAt = Math.floor(clock.now() / 1000) + 120;
    limiter.record('crm.item.add', { operating: 470, operating_reset_at: resetAt });
    // 5 s fits, 20 s does not.
    const small = await limiter.acquire(new Map([['crm.item.add', 5]]));
    expect(clock.now()).toBeLessThan(resetAt * 1000);
    small.release();
    const big = await limiter.acquire(new Map([['crm.item.add', 20]]));
    expect(clock.now()).toBeGreaterThanOrEqual(resetAt * 1000);
    big.release();
    // Another method's budget is untouched.
    expect(limiter.budgets().find((b) => b.method === 'crm.item.add')?.operatingSeconds).toBe(470);
  });

  it('counts in-flight charges against the budget', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(planLimits('standard'), clock);
    const resetAt = Math.floor(clock.now() / 1000) + 60;
    limiter.record('m', { operating: 400, operating_reset_at: resetAt });
    const first = await limiter.acquire(new Map([['m', 50]]));
    expect(clock.now()).toBeLessThan(resetAt * 1000);
    let granted = false;
    const second = limiter.acquire(new Map([['m', 50]])).then((permit) => {
      granted = true;
      return permit;
    });
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
    // Past the reset, but the first request has not reported the new figure yet.
    expect(granted).toBe(false);
    expect(clock.now()).toBeGreaterThanOrEqual(resetAt * 1000);
    first.release();
    (await second).release();
    expect(granted).toBe(true);
    expect(clock.now()).toBeGreaterThanOrEqual(resetAt * 1000);
  });

  it('after a 429 blocks only that method until the reset', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(planLimits('standard'), clock);
    const resetAt = Math.floor(clock.now() / 1000) + 30;
    limiter.noteTimeLimited('crm.item.add', resetAt);
    (await limiter.acquire(new Map([['crm.item.list', 0]]))).release();
    expect(clock.now()).toBeLessThan(resetAt * 1000);
    (await limiter.acquire(new Map([['crm.item.add', 0]]))).release();
    expect(clock.now()).toBeGreaterThanOrEqual(resetAt * 1000);
  });

  it('reports what it is waiting for', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ ...planLimits('standard'), maxInFlight: 1 }, clock);
    const held = await limiter.acquire(none);
    const next = limiter.acquire(none);
    await Promise.resolve();
    expect(limiter.waitingFor()?.reason).toBe('slot');
    held.release();
    (await next).release();
    expect(limiter.waitingFor()).toBeNull();
  });

  it('stops waiting when aborted', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ ...planLimits('standard'), maxInFlight: 1 }, clock);
    const held = await limiter.acquire(none);
    const controller = new AbortController();
    const next = limiter.acquire(none, controller.signal);
    controller.abort();
    await expect(next).rejects.toThrow();
    held.release();
    (await limiter.acquire(none)).release();
  });
});
