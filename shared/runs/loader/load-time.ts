import type { LimiterSettings } from '../../portal/bitrix/rate-limiter';
import type { LoadStrategy } from './types';

/** Rows one command carries, per strategy (`crm.item.batchImport` takes 20, `crm.item.add` one). */
export const ROWS_PER_COMMAND: Record<LoadStrategy, number> = { 'batch-import-in-batch': 20, 'batch-import': 20, 'add-in-batch': 1 };
/** The most rows one HTTP request carries, per strategy (50 commands a `batch`). */
export const MAX_ROWS: Record<LoadStrategy, number> = { 'batch-import-in-batch': 1000, 'batch-import': 20, 'add-in-batch': 50 };
/** The loader's first guess of portal seconds per written row, before any answer refines it. */
export const INITIAL_COST_PER_ROW_SECONDS = 0.05;
/** Rows the loader sends in its first create request, while the strategy is still unconfirmed. */
export const PROBE_ROWS = 200;
/** Updates per request (`crm.item.update` commands in one `batch`). */
export const UPDATES_PER_REQUEST = 50;
/** Requests the loader keeps in flight by default. */
export const DEFAULT_CONCURRENCY = 3;
/**
 * Wall seconds past each budget reset before the limiter lets writes go
 * again: `operating_reset_at` is whole seconds (0.5 s late on average) and
 * the limiter adds 250 ms (see `RateLimiter`).
 */
export const RESET_MARGIN_SECONDS = 0.75;
/** The portal's request cap in seconds. */
export const DEFAULT_REQUEST_CAP_SECONDS = 60;

/**
 * How many rows one create request carries: the strategy's most, but small
 * enough that the request finishes well inside the portal's request cap and
 * takes no large bite of a method's budget (whole commands only). While the
 * strategy is unconfirmed the first request is a probe of at most 200 rows.
 * The loader sizes every request with this; the estimate uses the same.
 */
export function rowsPerCreateRequest(strategy: LoadStrategy, costPerRowSeconds: number, requestCapSeconds: number, budgetSeconds: number, confirmed = true): number {
  const perCommand = ROWS_PER_COMMAND[strategy];
  const byTime = Math.floor((requestCapSeconds * 0.5) / costPerRowSeconds);
  const byBudget = Math.floor((budgetSeconds * 0.2) / costPerRowSeconds);
  let rows = Math.min(MAX_ROWS[strategy], byTime, byBudget);
  if (!confirmed) rows = Math.min(rows, PROBE_ROWS);
  return Math.max(perCommand, Math.floor(rows / perCommand) * perCommand);
}

/** What `loadSeconds` needs: the work, the portal's limits and the per-row cost. */
export interface LoadTimeInput {
  creates: number;
  updates: number;
  /** Portal seconds of the time budget each written row costs. */
  costPerRowSeconds: number;
  /** The cost the loader sizes its first requests with (its initial guess, or the learned cost it was given). */
  sizingCostPerRowSeconds?: number;
  limits: LimiterSettings;
  strategy?: LoadStrategy;
  concurrency?: number;
  requestCapSeconds?: number;
  /** Requests sent besides the rows (setup, look-ups, the read-back), against the same bucket. */
  otherRequests?: number;
  /** Budget seconds the write method has already used in the current window, and the wall-clock ms when that window frees it. */
  budgetUsed?: { seconds: number; resetInMs: number };
}

/** The time a load takes under the limits model, and what binds it. */
export interface LoadTime {
  /** Wall-clock seconds (limits of a time-scaled sandbox are already scaled). */
  seconds: number;
  requests: number;
  rowsPerRequest: number;
  /** `bucket`: the request rate; `budget`: the per-method time budget; `portal`: the portal's own execution time. */
  boundBy: 'bucket' | 'budget' | 'portal';
  /** Sustained rows per second once the initial credit (burst, first window) is spent. */
  sustainedRowsPerSecond: number;
}

/**
 * The limits model: the sustained rate is `min(drain rate × rows
 * per request, budget ÷ window ÷ cost per row)`, with the initial burst and
 * the first window's budget credited. Concretely the load takes the longest
 * of: the requests beyond the burst at the drain rate; the budget windows it
 * must wait for (the portal frees budget a whole window after it was spent)
 * plus the portal time of the last window's rows; and the portal's own time
 * to run every row with the loader's requests in flight. Times are in wall
 * seconds: for a sandbox with `--time-scale N` the limits are scaled and so
 * is the portal time (its clock runs N times faster).
 */
export function loadSeconds(input: LoadTimeInput): LoadTime {
  const { limits } = input;
  const strategy = input.strategy ?? 'batch-import-in-batch';
  const cost = Math.max(1e-6, input.costPerRowSeconds);
  const sizing = input.sizingCostPerRowSeconds ?? cost;
  const cap = input.requestCapSeconds ?? DEFAULT_REQUEST_CAP_SECONDS;
  const concurrency = Math.max(1, input.concurrency ?? DEFAULT_CONCURRENCY);
  const timeScale = 600 / limits.windowSeconds;

  const rowsPerRequest = rowsPerCreateRequest(strategy, cost, cap, limits.budgetSeconds);
  let createRequests = 0;
  if (input.creates > 0) {
    // The probe is sized with the loader's starting cost; the rest with the measured one.
    const probe = Math.min(input.creates, rowsPerCreateRequest(strategy, sizing, cap, limits.budgetSeconds, false));
    createRequests = 1 + Math.ceil((input.creates - probe) / rowsPerRequest);
  }
  const updateRequests = Math.ceil(input.updates / UPDATES_PER_REQUEST);
  const requests = createRequests + updateRequests + (input.otherRequests ?? 0);

  const capacity = Math.max(1, Math.floor(limits.burst * (1 - limits.headroom)));
  const byBucket = Math.max(0, requests - capacity) / limits.drainPerSecond;

  const written = input.creates + input.updates;
  const budgetNeeded = written * cost;
  const portalSeconds = (seconds: number): number => seconds / concurrency / timeScale;
  let byBudget: number;
  let budgetBinds = false;
  if (!Number.isFinite(limits.budgetSeconds)) byBudget = portalSeconds(budgetNeeded);
  else {
    const left = input.budgetUsed ? Math.max(0, limits.budgetSeconds - input.budgetUsed.seconds) : limits.budgetSeconds;
    if (budgetNeeded <= left) byBudget = portalSeconds(budgetNeeded);
    else {
      budgetBinds = true;
      const firstWait = input.budgetUsed ? Math.max(0, input.budgetUsed.resetInMs) / 1000 : limits.windowSeconds;
      const beyond = budgetNeeded - left;
      const moreWindows = Math.ceil(beyond / limits.budgetSeconds) - 1;
      const lastWindow = beyond - moreWindows * limits.budgetSeconds;
      byBudget = firstWait + moreWindows * limits.windowSeconds + (moreWindows + 1) * RESET_MARGIN_SECONDS + portalSeconds(lastWindow);
    }
  }
  const byPortal = portalSeconds(budgetNeeded);
  const seconds = Math.max(byBucket, byBudget, byPortal);
  const boundBy: LoadTime['boundBy'] = byBucket > byBudget && byBucket > byPortal ? 'bucket' : budgetBinds ? 'budget' : 'portal';
  const sustainedRowsPerSecond = Math.min(limits.drainPerSecond * rowsPerRequest, Number.isFinite(limits.budgetSeconds) ? limits.budgetSeconds / limits.windowSeconds / cost : Number.POSITIVE_INFINITY);
  return { seconds, requests, rowsPerRequest, boundBy, sustainedRowsPerSecond };
}
