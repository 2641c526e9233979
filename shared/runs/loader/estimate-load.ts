import type { LimiterSettings } from '../../portal/bitrix/rate-limiter';
import { DEFAULT_CONCURRENCY, INITIAL_COST_PER_ROW_SECONDS, loadSeconds } from './load-time';
import type { LoadEstimate, LoadStrategy } from './types';
import type { MigrateInput } from '../migrate/types';
import { learnedLoadCost } from '../results/load-costs';
import type { Plan } from '../../sheet/plan/types';

/** The reference cost of one written row when nothing was learned about a portal (10 ms of the per-method time budget, a standard cloud portal's figure). */
export const REFERENCE_COST_PER_ROW_SECONDS = 0.01;

/** Rows per request of the read-back after loading (10 pages of 50 per `batch`). */
const ROWS_PER_READ_BACK_REQUEST = 500;

/** The plan the limits belong to, from their drain rate (a time-scaled sandbox's limits are scaled). */
export function planNameOf(limits: LimiterSettings): string {
  const base = limits.drainPerSecond / (600 / limits.windowSeconds);
  if (!Number.isFinite(limits.budgetSeconds)) return 'unlimited';
  if (Math.abs(base - 2) < 1e-9) return 'standard';
  if (Math.abs(base - 5) < 1e-9) return 'enterprise';
  return 'custom';
}

/** What `estimateLoad` needs besides the plan. */
export interface EstimateOptions {
  /** The limiter settings the run's client will pace itself by. */
  limits: LimiterSettings;
  /** Portal seconds per written row, and where that number came from. */
  cost: { seconds: number; source: LoadEstimate['costSource'] };
  strategy?: LoadStrategy;
  concurrency?: number;
}

/**
 * How long the plan's load will take (the portal's limits: the request bucket, the per-method time budget and the request cap): the rows to
 * create and update, sized into requests exactly as the loader sizes them,
 * paced by the same limiter settings, with the setup requests and the
 * read-back counted against the same bucket.
 */
export function estimateLoad(plan: Plan, options: EstimateOptions): LoadEstimate {
  const { summary } = plan;
  const creates = summary.itemsToCreate;
  const updates = summary.itemsToUpdate;
  const strategy = options.strategy ?? 'batch-import-in-batch';
  const setupRequests = plan.operations.filter((operation) => operation.step !== 'items').length;
  // method.get for the strategy, then the read-back of what was written.
  const otherRequests = setupRequests + 1 + Math.ceil((creates + updates) / ROWS_PER_READ_BACK_REQUEST);
  const time = loadSeconds({
    creates,
    updates,
    costPerRowSeconds: options.cost.seconds,
    // The loader starts from the learned cost when it has one (migrate passes it), else from its own guess.
    sizingCostPerRowSeconds: options.cost.source === 'learned' ? options.cost.seconds : INITIAL_COST_PER_ROW_SECONDS,
    limits: options.limits,
    strategy,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    otherRequests,
  });
  const { limits } = options;
  return {
    rows: creates + updates,
    creates,
    updates,
    seconds: Math.round(time.seconds * 10) / 10,
    plan: planNameOf(limits),
    drainPerSecond: limits.drainPerSecond,
    burst: limits.burst,
    budgetSeconds: limits.budgetSeconds,
    windowSeconds: limits.windowSeconds,
    rowsPerRequest: time.rowsPerRequest,
    requests: time.requests,
    costPerRowSeconds: options.cost.seconds,
    costSource: options.cost.source,
    boundBy: time.boundBy,
    sustainedRowsPerSecond: Math.round(time.sustainedRowsPerSecond * 10) / 10,
    strategy,
  };
}

/**
 * The estimate of a migration's plan: the cost learned on this portal by
 * earlier runs (kept per portal in the data folder) when there is one, else
 * the reference default; the limits of the run's own client.
 */
export async function estimatePlanLoad(plan: Plan, input: Pick<MigrateInput, 'client' | 'portal' | 'dataDir'>): Promise<LoadEstimate> {
  const learned = input.dataDir === undefined ? undefined : await learnedLoadCost(input.dataDir, input.portal.display);
  const cost = learned ? { seconds: learned.costPerRowSeconds, source: 'learned' as const } : { seconds: REFERENCE_COST_PER_ROW_SECONDS, source: 'default' as const };
  return estimateLoad(plan, { limits: input.client.limiter.settings, cost });
}

/** A duration as a person says it: "under a minute", "about 25 minutes", "about 2.5 hours". */
export function humanDuration(seconds: number): string {
  if (seconds < 60) return 'under a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return minutes === 1 ? 'about a minute' : `about ${minutes} minutes`;
  const hours = Math.round((seconds / 3600) * 2) / 2;
  return `about ${hours} hours`;
}

function seconds(value: number): string {
  return value >= 1 ? `${Math.round(value * 10) / 10} s` : `${Math.round(value * 1000)} ms`;
}

/**
 * The estimate in one line for the CLI: "Load: 20,000 rows, about 25 minutes
 * on a standard plan (2 requests/s, 1,000 rows per request, budget 480 s per
 * 10 min, 10 ms per row: reference default; the time budget decides)".
 */
export function formatLoadEstimate(estimate: LoadEstimate): string {
  const scale = 600 / estimate.windowSeconds;
  const window = scale === 1 ? '10 min' : `${seconds(estimate.windowSeconds)} (10 min at time scale ×${Math.round(scale * 100) / 100})`;
  const budget = Number.isFinite(estimate.budgetSeconds) ? `budget ${estimate.budgetSeconds} s per ${window}` : 'no time budget';
  const cost = `${seconds(estimate.costPerRowSeconds)} per row: ${estimate.costSource === 'learned' ? 'measured on this portal by an earlier run' : 'reference default, nothing measured on this portal yet'}`;
  const binds = estimate.boundBy === 'bucket' ? 'the request rate decides' : estimate.boundBy === 'budget' ? 'the time budget decides' : 'the portal’s own time decides';
  const rate = `${Math.round(estimate.drainPerSecond * 100) / 100} requests/s`;
  return `Load: ${estimate.rows.toLocaleString('en-US')} rows, ${humanDuration(estimate.seconds)} on ${/^[aeiou]/.test(estimate.plan) ? 'an' : 'a'} ${estimate.plan} plan (${rate}, ${estimate.rowsPerRequest.toLocaleString('en-US')} rows per request, ${budget}, ${cost}; ${binds}).`;
}

/** The CLI line comparing a finished load with its estimate. */
export function formatLoadOutcome(load: { seconds: number; estimate?: LoadEstimate; costPerRowSeconds?: number }): string {
  const took = load.seconds < 90 ? `${Math.round(load.seconds * 10) / 10} s` : `${Math.round(load.seconds / 60)} min`;
  const estimate = load.estimate ? ` (estimated ${humanDuration(load.estimate.seconds)})` : '';
  const cost = load.costPerRowSeconds !== undefined ? `; measured ${seconds(load.costPerRowSeconds)} of portal time per row` : '';
  return `  load: ${took}${estimate}${cost}`;
}
