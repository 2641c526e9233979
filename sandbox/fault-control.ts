import type { SandboxFaultControl, SandboxFaultState, SandboxFaultStatus } from './types';

/** Small seeded generator so a ratio of drops is reproducible across runs. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The armed faults and the decisions the server asks of them. */
export class FaultControl implements SandboxFaultControl {
  private dropCount = 0;
  private dropsByMethod = new Map<string, number>();
  private dropRatio = 0;
  private random = mulberry32(1);
  private failCount = 0;
  private failStatus: SandboxFaultStatus = 503;
  private latency = 0;

  dropAfterCommit(count: number): void {
    this.dropCount = Math.max(0, Math.floor(count));
  }

  dropAfterCommitOf(method: string, count = 1): void {
    const times = Math.max(0, Math.floor(count));
    if (times > 0) this.dropsByMethod.set(method, times);
    else this.dropsByMethod.delete(method);
  }

  dropAfterCommitRatio(ratio: number, seed = 1): void {
    this.dropRatio = Math.min(1, Math.max(0, ratio));
    this.random = mulberry32(seed);
  }

  failNext(status: SandboxFaultStatus, count: number): void {
    this.failStatus = status;
    this.failCount = Math.max(0, Math.floor(count));
  }

  setLatency(ms: number): void {
    this.latency = Math.max(0, ms);
  }

  clear(): void {
    this.dropCount = 0;
    this.dropsByMethod.clear();
    this.dropRatio = 0;
    this.failCount = 0;
    this.latency = 0;
  }

  state(): SandboxFaultState {
    return {
      dropAfterCommitCount: this.dropCount,
      dropAfterCommitOf: Object.fromEntries(this.dropsByMethod),
      dropAfterCommitRatio: this.dropRatio,
      failCount: this.failCount,
      failStatus: this.failStatus,
      latencyMs: this.latency,
    };
  }

  /** Consumes one injected failure, if armed. */
  takeFailure(): SandboxFaultStatus | undefined {
    if (this.failCount <= 0) return undefined;
    this.failCount -= 1;
    return this.failStatus;
  }

  /**
   * Decides, for a committed writing request, whether to drop its response.
   * `written` names the methods that changed state in it (a batch may hold several).
   */
  takeDrop(written: readonly string[] = []): boolean {
    const armed = written.find((method) => (this.dropsByMethod.get(method) ?? 0) > 0);
    if (armed !== undefined) {
      const left = (this.dropsByMethod.get(armed) ?? 0) - 1;
      if (left > 0) this.dropsByMethod.set(armed, left);
      else this.dropsByMethod.delete(armed);
      return true;
    }
    if (this.dropCount > 0) {
      this.dropCount -= 1;
      return true;
    }
    return this.dropRatio > 0 && this.random() < this.dropRatio;
  }

  get latencyMs(): number {
    return this.latency;
  }
}
