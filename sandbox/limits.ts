import type { SandboxPlan } from './types';

/** Bucket size and drain rate per plan. */
export const PLAN_LIMITS: Record<SandboxPlan, { burst: number; perSecond: number } | undefined> = {
  standard: { burst: 50, perSecond: 2 },
  enterprise: { burst: 250, perSecond: 5 },
  unlimited: undefined,
};

/**
 * The portal-wide request counter: each accepted request adds
 * one, the counter drains `perSecond`, and a request that would push it past
 * `burst` is refused. A refused request adds nothing [inferred], so a client
 * that backs off recovers at the drain rate.
 */
export class LeakyBucket {
  private level = 0;
  private updatedAt: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.updatedAt = now;
  }

  /** Takes one slot at limiter time `now`; false means answer 503 QUERY_LIMIT_EXCEEDED. */
  take(now: number): boolean {
    this.drain(now);
    if (this.level + 1 > this.burst) return false;
    this.level += 1;
    return true;
  }

  /** Current counter value, for tests and stats. */
  peek(now: number): number {
    this.drain(now);
    return this.level;
  }

  private drain(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.level = Math.max(0, this.level - elapsed * this.perSecond);
    this.updatedAt = now;
  }
}

/** Length of the budget window and of one of its buckets. */
export const WINDOW_MS = 10 * 60_000;
const BUCKET_MS = 60_000;

interface MinuteBucket {
  minute: number;
  firstAt: number;
  usedMs: number;
}

/**
 * The per-method "operating" budget: execution time summed in
 * ten one-minute buckets; when the sum is over the limit the method answers
 * 429 until the oldest bucket leaves the window, 10 minutes after the first call
 * recorded in it.
 */
export class OperatingBudget {
  private readonly methods = new Map<string, MinuteBucket[]>();

  constructor(private readonly limitMs: number) {}

  /** Whether `method` may run now. */
  isBlocked(method: string, now: number): boolean {
    return this.used(method, now) > this.limitMs;
  }

  /** Records `costMs` of execution against `method` at `now`. */
  charge(method: string, costMs: number, now: number): void {
    const buckets = this.prune(method, now);
    const minute = Math.floor(now / BUCKET_MS);
    const last = buckets[buckets.length - 1];
    if (last !== undefined && last.minute === minute) last.usedMs += costMs;
    else buckets.push({ minute, firstAt: now, usedMs: costMs });
    this.methods.set(method, buckets);
  }

  /** Milliseconds `method` has used in the window ending at `now`. */
  used(method: string, now: number): number {
    return this.prune(method, now).reduce((sum, bucket) => sum + bucket.usedMs, 0);
  }

  /** Limiter time at which the oldest bucket drops out, or undefined when nothing is recorded. */
  resetAt(method: string, now: number): number | undefined {
    const oldest = this.prune(method, now)[0];
    return oldest === undefined ? undefined : oldest.firstAt + WINDOW_MS;
  }

  private prune(method: string, now: number): MinuteBucket[] {
    const buckets = (this.methods.get(method) ?? []).filter((bucket) => bucket.firstAt + WINDOW_MS > now);
    this.methods.set(method, buckets);
    return buckets;
  }
}
