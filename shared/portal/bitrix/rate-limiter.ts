import { systemClock, type Clock } from './clock';
import type { TimeBlock } from './types';

/**
 * The limits of one portal as the client models them.
 *
 * `drainPerSecond`/`burst`: the leaky bucket (requests); `budgetSeconds`: the
 * per-method time budget per window; `maxInFlight`: requests at once.
 * `headroom` is the share of the bucket kept free for other tools on the
 * same IP; `minTimeLimitWaitMs` the wait after a 429 without a reset time.
 */
export interface LimiterSettings {
  drainPerSecond: number;
  burst: number;
  budgetSeconds: number;
  windowSeconds: number;
  maxInFlight: number;
  headroom: number;
  minTimeLimitWaitMs: number;
}

/** The documented plans; `unlimited` is the sandbox's test plan. */
export type PlanName = 'standard' | 'enterprise' | 'unlimited';

/**
 * Limiter settings for a plan, optionally for a sandbox running `timeScale`
 * times faster (drain rate scaled; the budget is in the portal's seconds).
 */
export function planLimits(plan: PlanName, timeScale = 1): LimiterSettings {
  const base =
    plan === 'enterprise'
      ? { drainPerSecond: 5, burst: 250 }
      : plan === 'unlimited'
        ? { drainPerSecond: 1_000_000, burst: 1_000_000 }
        : { drainPerSecond: 2, burst: 50 };
  return {
    drainPerSecond: base.drainPerSecond * timeScale,
    burst: base.burst,
    budgetSeconds: plan === 'unlimited' ? Number.POSITIVE_INFINITY : 480,
    windowSeconds: 600 / timeScale,
    maxInFlight: 4,
    headroom: 0.04,
    minTimeLimitWaitMs: 10_000 / timeScale,
  };
}

/**
 * What the limiter is currently holding a request back for, for progress UIs.
 */
export interface LimiterWait {
  reason: 'bucket' | 'budget' | 'slot';
  method?: string;
  untilMs: number;
}

/**
 * A snapshot of one method's time budget as last reported by the portal.
 */
export interface MethodBudget {
  method: string;
  operatingSeconds: number;
  resetAtMs: number;
  inFlightSeconds: number;
}

/** A granted permit: call `release()` when the request has settled. */
export interface Permit {
  release(): void;
}

interface MethodState {
  operating: number;
  resetAt: number;
  inFlight: number;
  inFlightRequests: number;
  blockedUntil: number;
}

/**
 * One client-side limiter per portal: a leaky bucket for requests, a
 * per-method model of the time budget fed from every `time` block, and a cap
 * on requests in flight.
 *
 * `acquire` resolves when a request charged with the given estimated seconds
 * per method can go out without overrunning the bucket or any budget; the
 * state is shared by every client built for the same portal.
 */
export class RateLimiter {
  readonly settings: LimiterSettings;
  private readonly clock: Clock;
  private level = 0;
  private levelAt: number;
  private inFlight = 0;
  private readonly slotWaiters: Array<() => void> = [];
  private readonly methods = new Map<string, MethodState>();
  private readonly waits = new Set<LimiterWait>();
  private rejections503 = 0;

  constructor(settings: LimiterSettings, clock: Clock = systemClock) {
    this.settings = settings;
    this.clock = clock;
    this.levelAt = clock.now();
  }

  /**
   * Waits for a slot, every method's budget, then a bucket token.
   *
   * `charges` maps each method the request runs to its estimated seconds of
   * portal time. Throws the signal's reason when aborted while waiting.
   */
  async acquire(charges: ReadonlyMap<string, number>, signal?: AbortSignal): Promise<Permit> {
    await this.takeSlot(signal);
    let charged = false;
    try {
      await this.waitForBudgets(charges, signal);
      for (const [method, seconds] of charges) {
        const state = this.state(method);
        state.inFlight += seconds;
        state.inFlightRequests += 1;
      }
      charged = true;
      await this.takeToken(signal);
    } catch (error) {
      if (charged) this.uncharge(charges);
      this.releaseSlot();
      throw error;
    }
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.uncharge(charges);
        this.releaseSlot();
      },
    };
  }

  /** Feeds the `time` block of an answer (or of one batch command). */
  record(method: string, time: TimeBlock | undefined): void {
    if (!time || typeof time.operating !== 'number') return;
    const state = this.state(method);
    const resetAt = typeof time.operating_reset_at === 'number' ? time.operating_reset_at * 1000 : 0;
    // Answers of parallel requests arrive out of order: within one window the
    // largest figure is the newest; a later reset time means the window moved.
    if (resetAt > state.resetAt) {
      state.operating = time.operating;
      state.resetAt = resetAt;
    } else {
      state.operating = Math.max(state.operating, time.operating);
    }
  }

  /** The portal said 503: the shared bucket is full (other clients on the IP, or a smaller plan). */
  noteRateLimited(): void {
    this.drain();
    this.level = Math.max(this.level, this.settings.burst);
    this.rejections503 += 1;
  }

  /** The portal said 429 for `method`: nothing more until the reset (or the minimum wait). */
  noteTimeLimited(method: string, resetAtSeconds?: number): void {
    const state = this.state(method);
    const now = this.clock.now();
    const known = resetAtSeconds ?? (state.resetAt > now ? state.resetAt / 1000 : undefined);
    const until = known !== undefined ? Math.max(known * 1000 + 250, now + 100) : now + this.settings.minTimeLimitWaitMs;
    state.blockedUntil = Math.max(state.blockedUntil, until);
    state.operating = Math.max(state.operating, this.settings.budgetSeconds);
    if (resetAtSeconds !== undefined) state.resetAt = Math.max(state.resetAt, resetAtSeconds * 1000);
  }

  /** How long a 503 retry should wait: at least one drain interval, growing with attempts, with jitter. */
  backoffMs(attempt: number): number {
    const interval = 1000 / this.settings.drainPerSecond;
    const base = Math.min(30_000, Math.max(interval, 50) * 1.5 ** attempt);
    return base * (0.75 + Math.random() * 0.5);
  }

  /** The longest wait currently holding a request back, or null. */
  waitingFor(): LimiterWait | null {
    let longest: LimiterWait | null = null;
    for (const wait of this.waits) if (!longest || wait.untilMs > longest.untilMs) longest = wait;
    return longest;
  }

  /** Budgets as last reported, for progress displays and the benchmark. */
  budgets(): MethodBudget[] {
    return [...this.methods].map(([method, s]) => ({ method, operatingSeconds: s.operating, resetAtMs: s.resetAt, inFlightSeconds: s.inFlight }));
  }

  /** How many 503 answers the limiter has been told about. */
  get rateLimitedCount(): number {
    return this.rejections503;
  }

  private state(method: string): MethodState {
    let state = this.methods.get(method);
    if (!state) {
      state = { operating: 0, resetAt: 0, inFlight: 0, inFlightRequests: 0, blockedUntil: 0 };
      this.methods.set(method, state);
    }
    return state;
  }

  private uncharge(charges: ReadonlyMap<string, number>): void {
    for (const [method, seconds] of charges) {
      const state = this.state(method);
      state.inFlight = Math.max(0, state.inFlight - seconds);
      state.inFlightRequests = Math.max(0, state.inFlightRequests - 1);
    }
  }

  private async takeSlot(signal: AbortSignal | undefined): Promise<void> {
    while (this.inFlight >= this.settings.maxInFlight) {
      signal?.throwIfAborted();
      const wait: LimiterWait = { reason: 'slot', untilMs: this.clock.now() };
      this.waits.add(wait);
      try {
        await new Promise<void>((resolve, reject) => {
          const onAbort = (): void => {
            const index = this.slotWaiters.indexOf(wake);
            if (index >= 0) this.slotWaiters.splice(index, 1);
            reject(signal?.reason as Error);
          };
          const wake = (): void => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          };
          this.slotWaiters.push(wake);
          signal?.addEventListener('abort', onAbort, { once: true });
        });
      } finally {
        this.waits.delete(wait);
      }
    }
    this.inFlight += 1;
  }

  private releaseSlot(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.slotWaiters.shift()?.();
  }

  private async waitForBudgets(charges: ReadonlyMap<string, number>, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      let until = 0;
      let blocking: string | undefined;
      for (const [method, seconds] of charges) {
        const state = this.state(method);
        if (state.blockedUntil > now) {
          if (state.blockedUntil > until) [until, blocking] = [state.blockedUntil, method];
          continue;
        }
        const budget = this.settings.budgetSeconds;
        if (state.operating + state.inFlight + seconds <= budget) continue;
        if (state.resetAt > now) {
          if (state.resetAt + 250 > until) [until, blocking] = [state.resetAt + 250, method];
          continue;
        }
        // The window has moved since the last answer, by an amount no answer
        // has told us yet: let one request through to learn the new figure.
        if (state.inFlightRequests === 0) continue;
        const soon = now + 50;
        if (soon > until) [until, blocking] = [soon, method];
      }
      if (until <= now) return;
      await this.sleepFor({ reason: 'budget', method: blocking ?? '', untilMs: until }, signal);
    }
  }

  private drain(): void {
    const now = this.clock.now();
    this.level = Math.max(0, this.level - ((now - this.levelAt) / 1000) * this.settings.drainPerSecond);
    this.levelAt = now;
  }

  private async takeToken(signal: AbortSignal | undefined): Promise<void> {
    const capacity = Math.max(1, Math.floor(this.settings.burst * (1 - this.settings.headroom)));
    for (;;) {
      signal?.throwIfAborted();
      this.drain();
      if (this.level + 1 <= capacity) {
        this.level += 1;
        return;
      }
      const waitMs = ((this.level + 1 - capacity) / this.settings.drainPerSecond) * 1000;
      await this.sleepFor({ reason: 'bucket', untilMs: this.clock.now() + waitMs }, signal);
    }
  }

  private async sleepFor(wait: LimiterWait, signal: AbortSignal | undefined): Promise<void> {
    this.waits.add(wait);
    try {
      await this.clock.sleep(Math.max(1, wait.untilMs - this.clock.now()), signal);
    } finally {
      this.waits.delete(wait);
    }
  }
}

const shared = new Map<string, RateLimiter>();

/**
 * The process-wide limiter for a portal (keyed by origin and webhook user),
 * created with `settings` on first use: the bucket is per portal and IP, so
 * every client of one portal must share it.
 */
export function sharedLimiter(portalKey: string, settings: LimiterSettings, clock: Clock = systemClock): RateLimiter {
  let limiter = shared.get(portalKey);
  if (!limiter) {
    limiter = new RateLimiter(settings, clock);
    shared.set(portalKey, limiter);
  }
  return limiter;
}
