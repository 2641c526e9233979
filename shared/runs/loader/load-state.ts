import type { AppError } from '../../base/errors/errors';
import { toWireError } from '../../base/errors/errors';
import { BitrixError } from '../../portal/bitrix/bitrix-error';
import type { LoadProgress, LoadInput, LoadRow, LoadStrategy, RowResult } from './types';
import { INITIAL_COST_PER_ROW_SECONDS, rowsPerCreateRequest } from './load-time';
import type { RunControl } from '../../base/jobs/types';

/** One row on its way: the fields sent (with `xmlId`), their hash, and how often it was tried. */
export interface Item {
  row: LoadRow;
  index: number;
  xmlId: string;
  fields: Record<string, unknown>;
  hash: string;
  afterId: number;
  attempts: number;
  /** Holds `$result[...]`-like text that `batch` would rewrite: sent in plain calls only. */
  direct: boolean;
}

/** A row already in the portal that is sent again with changed fields. */
export type UpdateItem = Item & { itemId: number };

/**
 * How one create request travels: a strategy, or a plain `crm.item.add` for
 * a row that cannot ride inside batch.
 */
export type Route = LoadStrategy | 'add';

/** One request's worth of work a worker takes from the queues. */
export type Unit = { kind: 'create'; items: Item[]; strategy: Route } | { kind: 'update'; items: UpdateItem[] } | { kind: 'resolve'; items: Item[] };

/** Rows sent in one `crm.item.update` batch, and the most waiting updates pulled ahead of creates. */
export const UPDATES_PER_REQUEST = 50;
/** Rows looked up by `xmlId` in one request. */
export const LOOKUPS_PER_REQUEST = 50;

/**
 * Everything one `loadItems` run changes while it works: the queues, the
 * strategy as far as the portal confirmed it, the per-row cost learned from
 * answers, the counts and the results. The steps (`nextUnit`, `runCreate`,
 * `runUpdate`, `runResolve`) read and change it; workers wait on it.
 */
export class LoadState {
  readonly startedAt = Date.now();
  readonly concurrency: number;
  readonly settleMs: number;
  readonly capSeconds: number;
  /** Extra parameters of every write (original `UF_` names when asked). */
  readonly extra: Record<string, unknown>;
  costPerRow: number;
  /** Every per-row cost the portal's answers showed, for the ETA and the summary. */
  readonly measuredCosts: number[] = [];

  readonly results = new Map<number, RowResult>();
  readonly counts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  readonly createQueue: Item[] = [];
  readonly directQueue: Item[] = [];
  /** Direct rows were refused inside `batch` too: they go as plain `crm.item.add`. */
  directAdd = false;
  readonly updateQueue: UpdateItem[] = [];
  readonly unknownQueue: Array<{ item: Item; notBefore: number }> = [];
  /** Keys an earlier run sent without an answer, with the highest id known before they were sent. */
  readonly pendingAfter: Map<string, number>;
  readonly seen = new Set<string>();
  strategy: LoadStrategy | undefined;
  strategyConfirmed: boolean;
  /** A first request of an unconfirmed strategy is in flight: others wait for its answer. */
  probing = false;
  inputDone = false;
  busy = 0;
  fatal: unknown;
  requests = 0;
  resolvedUnknown = 0;
  duplicatesSeen = 0;
  nextIndex = 0;
  pulling: Promise<void> | undefined;
  /** The portal's last reported `operating` per method and window, to charge each request its growth. */
  readonly lastOperating = new Map<string, { operating: number; resetAt: number }>();
  detecting: Promise<LoadStrategy> | undefined;
  private waiters: Array<() => void> = [];
  readonly iterator: AsyncIterator<LoadRow>;

  constructor(
    readonly input: LoadInput,
    readonly control: RunControl<LoadProgress>,
    pending: Array<{ key: string; afterId: number }>,
  ) {
    this.concurrency = Math.max(1, input.concurrency ?? 3);
    this.settleMs = input.settleMs ?? 60_000;
    this.capSeconds = input.requestCapSeconds ?? 60;
    this.costPerRow = input.costPerRowSeconds ?? INITIAL_COST_PER_ROW_SECONDS;
    this.extra = input.useOriginalUfNames ? { useOriginalUfNames: 'Y' } : {};
    this.pendingAfter = new Map(pending.map(({ key, afterId }) => [key, afterId]));
    this.strategy = input.strategy;
    this.strategyConfirmed = input.strategy !== undefined;
    this.iterator = toAsyncIterator(input.rows);
  }

  get signal(): AbortSignal {
    return this.control.signal;
  }

  /** Wakes every worker waiting for a change. */
  notify(): void {
    const woken = this.waiters;
    this.waiters = [];
    for (const wake of woken) wake();
  }

  /** Resolves at the next `notify`, or after `ms` when given. */
  waitForChange(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, Math.max(1, ms));
      function done(): void {
        if (timer) clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  /** Puts rows to be created again at the front of their queues. */
  enqueue(items: Item[]): void {
    this.createQueue.unshift(...items.filter((item) => !item.direct));
    this.directQueue.unshift(...items.filter((item) => item.direct));
  }

  /** Records a row's final result and reports it. */
  finish(item: Item, result: RowResult): void {
    this.results.set(item.index, result);
    if (result.status === 'failed') this.counts.failed += 1;
    else this.counts[result.status] += 1;
    this.input.onRow?.(result);
  }

  /** Records a row as failed, with the sheet row in the error. */
  fail(item: Item, error: BitrixError | AppError): void {
    const located = error instanceof BitrixError ? error.atRow(item.row.sourceRow) : error;
    this.finish(item, { key: item.row.key, status: 'failed', error: toWireError(located) });
  }

  /** Rows in the next create request, from the strategy and the cost learned so far. */
  rowsPerRequest(): number {
    return rowsPerCreateRequest(this.strategy ?? 'batch-import-in-batch', this.costPerRow, this.capSeconds, this.input.client.limiter.settings.budgetSeconds, this.strategyConfirmed);
  }
}

function toAsyncIterator<T>(rows: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in rows) return (rows as AsyncIterable<T>)[Symbol.asyncIterator]();
  const sync = (rows as Iterable<T>)[Symbol.iterator]();
  return { next: () => Promise.resolve(sync.next()) };
}
