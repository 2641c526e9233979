import type { RunControl } from '../../base/jobs/types';
import { LoadState } from './load-state';
import type { Unit } from './load-state';
import { nextUnit } from './next-unit';
import { reportProgress } from './report-progress';
import { runCreate } from './run-create';
import { runResolve } from './run-resolve';
import { runUpdate } from './run-update';
import { settleOrphans } from './settle-orphans';
import type { LoadInput, LoadProgress, LoadSummary } from './types';

/**
 * Loads rows into a smart process exactly once, as fast as the portal allows.
 *
 * Rows already in the journal come back `unchanged` (same fields) or are
 * updated; new rows are created with the best strategy the portal accepts.
 * A row whose request got no answer is looked up by `xmlId` before anything
 * is sent again, and every acknowledged request is in the journal before the
 * next step, so a crash at any moment loses and duplicates nothing. Per-row
 * failures are results; only portal-wide failures (auth, scope, a missing
 * smart process) are thrown, after in-flight requests have settled. On
 * abort, in-flight requests settle and the summary says `cancelled`.
 */
export async function loadItems(input: LoadInput, control: RunControl<LoadProgress>): Promise<LoadSummary> {
  const state = new LoadState(input, control, input.journal.pending());
  const { signal } = control;
  const onAbort = (): void => state.notify();
  signal.addEventListener('abort', onAbort);

  reportProgress(state, 'starting');
  // Between answers the limiter may hold requests back for long (a budget
  // reset); keep telling the caller what it waits for.
  const ticker = setInterval(() => reportProgress(state, 'loading'), 250);
  ticker.unref();
  try {
    await Promise.all(Array.from({ length: state.concurrency }, () => worker(state)));
    if (state.fatal === undefined && !signal.aborted) await settleOrphans(state);
  } finally {
    clearInterval(ticker);
    signal.removeEventListener('abort', onAbort);
  }
  if (state.fatal !== undefined) {
    reportProgress(state, 'cancelled');
    throw state.fatal;
  }
  const cancelled = signal.aborted;
  reportProgress(state, cancelled ? 'cancelled' : 'done');
  return {
    ...state.counts,
    rows: [...state.results].sort(([a], [b]) => a - b).map(([, result]) => result),
    cancelled,
    strategy: state.strategy,
    requests: state.requests,
    resolvedUnknown: state.resolvedUnknown,
    duplicatesSeen: state.duplicatesSeen,
    elapsedMs: Date.now() - state.startedAt,
    ...(state.measuredCosts.length > 0 ? { costPerRowSeconds: median(state.measuredCosts) } : {}),
  };
}

// Takes requests until there are none; a failure no row can fix is kept as
// the load's `fatal` (the first one wins) and stops every worker.
async function worker(state: LoadState): Promise<void> {
  for (;;) {
    const unit = await nextUnit(state);
    if (!unit) return;
    state.busy += 1;
    try {
      await runUnit(state, unit);
    } catch (error) {
      state.fatal ??= error;
    } finally {
      state.busy -= 1;
      state.notify();
      reportProgress(state, 'loading');
    }
  }
}

function runUnit(state: LoadState, unit: Unit): Promise<void> {
  if (unit.kind === 'create') return runCreate(state, unit.items, unit.strategy);
  if (unit.kind === 'update') return runUpdate(state, unit.items);
  return runResolve(state, unit.items);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
