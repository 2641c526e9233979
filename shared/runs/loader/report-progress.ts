import type { LoadState } from './load-state';
import { loadSeconds } from './load-time';
import type { LoadProgress } from './types';

/** Sends the load's progress: rows done and failed, the rate, the ETA and what the limiter waits for, and how long. */
export function reportProgress(state: LoadState, phase: LoadProgress['phase']): void {
  const { input, counts } = state;
  const finished = counts.created + counts.updated + counts.unchanged;
  const elapsed = (Date.now() - state.startedAt) / 1000;
  const rate = elapsed > 0 ? (finished + counts.failed) / elapsed : 0;
  const remaining = input.total === undefined ? undefined : Math.max(0, input.total - finished - counts.failed);
  const wait = input.client.limiter.waitingFor();
  const waitMs = wait === null ? 0 : wait.untilMs - Date.now();
  state.control.onProgress({
    phase,
    done: finished,
    failed: counts.failed,
    total: input.total,
    rowsPerSecond: Math.round(rate * 10) / 10,
    etaSeconds: remaining === undefined ? undefined : state.measuredCosts.length > 0 ? modelEta(state, remaining) : rate === 0 ? undefined : Math.round(remaining / rate),
    waitingFor: wait ? `${wait.reason}${wait.method ? `:${wait.method}` : ''}` : null,
    ...(waitMs > 0 ? { waitSeconds: Math.ceil(waitMs / 1000) } : {}),
    strategy: state.strategy,
  });
}

// After the first answered batch the per-row cost is known: the limits
// model (with the write method's budget as the portal last reported it)
// sees a budget wait coming, which the rate so far (inflated by the burst
// and the first window's credit) cannot.
function modelEta(state: LoadState, remaining: number): number {
  const { client } = state.input;
  const method = state.strategy === 'add-in-batch' ? 'crm.item.add' : 'crm.item.batchImport';
  const budget = client.limiter.budgets().find((entry) => entry.method === method);
  const now = Date.now();
  const time = loadSeconds({
    creates: remaining,
    updates: 0,
    costPerRowSeconds: state.costPerRow,
    limits: client.limiter.settings,
    strategy: state.strategy ?? 'batch-import-in-batch',
    concurrency: state.concurrency,
    requestCapSeconds: state.capSeconds,
    ...(budget && budget.resetAtMs > now ? { budgetUsed: { seconds: budget.operatingSeconds + budget.inFlightSeconds, resetInMs: budget.resetAtMs - now } } : {}),
  });
  return Math.round(time.seconds);
}
