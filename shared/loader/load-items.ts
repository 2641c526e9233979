import { AppError } from '../api/errors';
import { isAbortError, toWireError } from '../api/errors';
import { bitrixErrorFromAnswer, BitrixError } from '../bitrix/bitrix-error';
import { hasBatchReference } from '../bitrix/encode-query';
import { sendWrites } from '../bitrix/send-writes';
import type { BatchCommand, BatchOutcome, TimeBlock } from '../bitrix/types';
import type { RunControl } from '../jobs/types';
import { findByXmlId } from './find-by-xml-id';
import { INITIAL_COST_PER_ROW_SECONDS, loadSeconds, ROWS_PER_COMMAND, rowsPerCreateRequest } from './load-time';
import { rowHash } from './row-hash';
import type { LoadInput, LoadProgress, LoadRow, LoadStrategy, LoadSummary, RowResult } from './types';

interface Item {
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

type RowOutcome =
  | { kind: 'ok'; itemId: number }
  | { kind: 'failed'; error: BitrixError }
  | { kind: 'retry' }
  | { kind: 'refused' }
  | { kind: 'unknown' };

// How one create request travels: a strategy, or a plain `crm.item.add` for
// a row that cannot ride inside batch.
type Route = LoadStrategy | 'add';

type Unit = { kind: 'create'; items: Item[]; strategy: Route } | { kind: 'update'; items: Array<Item & { itemId: number }> } | { kind: 'resolve'; items: Item[] };

const NEXT_STRATEGY: Record<LoadStrategy, LoadStrategy | undefined> = {
  'batch-import-in-batch': 'batch-import',
  'batch-import': 'add-in-batch',
  'add-in-batch': undefined,
};
const MAX_UPDATE_ATTEMPTS = 4;
const MAX_RESOLVE_ATTEMPTS = 6;
// Rounds of "refused, try again" (each already retried by the client) before a row is reported failed.
const MAX_CREATE_ROUNDS = 8;

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
export async function loadItems(input: LoadInput, { signal, onProgress }: RunControl<LoadProgress>): Promise<LoadSummary> {
  const startedAt = Date.now();
  const { client, journal, entityTypeId } = input;
  const concurrency = Math.max(1, input.concurrency ?? 3);
  const settleMs = input.settleMs ?? 60_000;
  const capSeconds = input.requestCapSeconds ?? 60;
  let costPerRow = input.costPerRowSeconds ?? INITIAL_COST_PER_ROW_SECONDS;
  // Every per-row cost the portal's answers showed, for the ETA and the summary.
  const measuredCosts: number[] = [];
  const extra: Record<string, unknown> = input.useOriginalUfNames ? { useOriginalUfNames: 'Y' } : {};

  const results = new Map<number, RowResult>();
  const counts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  const createQueue: Item[] = [];
  const directQueue: Item[] = [];
  let directAdd = false;
  const enqueue = (items: Item[]): void => {
    createQueue.unshift(...items.filter((item) => !item.direct));
    directQueue.unshift(...items.filter((item) => item.direct));
  };
  const updateQueue: Array<Item & { itemId: number }> = [];
  const unknownQueue: Array<{ item: Item; notBefore: number }> = [];
  const pendingAfter = new Map(journal.pending().map(({ key, afterId }) => [key, afterId]));
  const seen = new Set<string>();
  let strategy: LoadStrategy | undefined = input.strategy;
  let strategyConfirmed = input.strategy !== undefined;
  let probing = false;
  let inputDone = false;
  let busy = 0;
  let fatal: unknown;
  let requests = 0;
  let resolvedUnknown = 0;
  let duplicatesSeen = 0;
  let nextIndex = 0;
  let pulling: Promise<void> | undefined;
  const lastOperating = new Map<string, { operating: number; resetAt: number }>();
  let detecting: Promise<LoadStrategy> | undefined;
  let waiters: Array<() => void> = [];
  const iterator = toAsyncIterator(input.rows);

  const notify = (): void => {
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake();
  };
  const waitForChange = (ms?: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, Math.max(1, ms));
      function done(): void {
        if (timer) clearTimeout(timer);
        resolve();
      }
      waiters.push(done);
    });
  const onAbort = (): void => notify();
  signal.addEventListener('abort', onAbort);

  const progress = (phase: LoadProgress['phase']): void => {
    const finished = counts.created + counts.updated + counts.unchanged;
    const elapsed = (Date.now() - startedAt) / 1000;
    const rate = elapsed > 0 ? (finished + counts.failed) / elapsed : 0;
    const remaining = input.total === undefined ? undefined : Math.max(0, input.total - finished - counts.failed);
    const wait = client.limiter.waitingFor();
    onProgress({
      phase,
      done: finished,
      failed: counts.failed,
      total: input.total,
      rowsPerSecond: Math.round(rate * 10) / 10,
      etaSeconds: remaining === undefined ? undefined : measuredCosts.length > 0 ? modelEta(remaining) : rate === 0 ? undefined : Math.round(remaining / rate),
      waitingFor: wait ? `${wait.reason}${wait.method ? `:${wait.method}` : ''}` : null,
      strategy,
    });
  };

  // After the first answered batch the per-row cost is known: the limits
  // model (with the write method's budget as the portal last reported it)
  // sees a budget wait coming, which the rate so far (inflated by the burst
  // and the first window's credit) cannot.
  const modelEta = (remaining: number): number => {
    const method = strategy === 'add-in-batch' ? 'crm.item.add' : 'crm.item.batchImport';
    const budget = client.limiter.budgets().find((entry) => entry.method === method);
    const now = Date.now();
    const time = loadSeconds({
      creates: remaining,
      updates: 0,
      costPerRowSeconds: costPerRow,
      limits: client.limiter.settings,
      strategy: strategy ?? 'batch-import-in-batch',
      concurrency,
      requestCapSeconds: capSeconds,
      ...(budget && budget.resetAtMs > now ? { budgetUsed: { seconds: budget.operatingSeconds + budget.inFlightSeconds, resetInMs: budget.resetAtMs - now } } : {}),
    });
    return Math.round(time.seconds);
  };

  const finish = (item: Item, result: RowResult): void => {
    results.set(item.index, result);
    if (result.status === 'failed') counts.failed += 1;
    else counts[result.status] += 1;
    input.onRow?.(result);
  };
  const fail = (item: Item, error: BitrixError | AppError): void => {
    const located = error instanceof BitrixError ? error.atRow(item.row.sourceRow) : error;
    finish(item, { key: item.row.key, status: 'failed', error: toWireError(located) });
  };

  function classify(row: LoadRow): void {
    const index = nextIndex++;
    const xmlId = `${input.xmlIdPrefix}:${row.key}`;
    const fields = { ...row.fields, xmlId };
    const item: Item = { row, index, xmlId, fields, hash: rowHash(withoutHistory(fields)), afterId: 0, attempts: 0, direct: hasBatchReference(fields) };
    if (seen.has(row.key)) {
      const where = row.sourceRow === undefined ? {} : { where: { row: row.sourceRow } };
      fail(item, new AppError('INVALID_INPUT', `The row key "${row.key}" appears more than once.`, { hint: 'Row keys must be unique; fix the key column.', ...where }));
      return;
    }
    seen.add(row.key);
    const entry = journal.get(row.key);
    if (entry) {
      if (entry.hash === item.hash) finish(item, { key: row.key, status: 'unchanged', itemId: entry.itemId });
      else updateQueue.push({ ...item, itemId: entry.itemId });
      return;
    }
    const afterId = pendingAfter.get(row.key);
    if (afterId !== undefined) {
      item.afterId = afterId;
      unknownQueue.push({ item, notBefore: 0 });
      return;
    }
    if (item.direct) directQueue.push(item);
    else createQueue.push(item);
  }

  function rowsPerRequest(): number {
    return rowsPerCreateRequest(strategy ?? 'batch-import-in-batch', costPerRow, capSeconds, client.limiter.settings.budgetSeconds, strategyConfirmed);
  }

  async function pull(want: number): Promise<void> {
    while (!inputDone && createQueue.length < want && updateQueue.length < 50) {
      const next = await iterator.next();
      if (next.done) {
        inputDone = true;
        break;
      }
      classify(next.value);
    }
  }

  async function nextUnit(): Promise<Unit | undefined> {
    for (;;) {
      if (fatal !== undefined || signal.aborted) return undefined;
      const want = rowsPerRequest();
      if (!inputDone && createQueue.length < want && updateQueue.length < 50) {
        if (!pulling) pulling = pull(want).finally(() => (pulling = undefined));
        await pulling;
        continue;
      }
      const now = Date.now();
      const ready = unknownQueue.filter((entry) => entry.notBefore <= now);
      if (ready.length > 0) {
        const taken = ready.slice(0, 50);
        for (const entry of taken) unknownQueue.splice(unknownQueue.indexOf(entry), 1);
        return { kind: 'resolve', items: taken.map((entry) => entry.item) };
      }
      if (updateQueue.length > 0 && (updateQueue.length >= 50 || inputDone || createQueue.length === 0)) {
        return { kind: 'update', items: updateQueue.splice(0, 50) };
      }
      if (directQueue.length > 0 && strategyConfirmed && strategy !== undefined && (directQueue.length >= 20 || inputDone)) {
        const route: Route = strategy === 'add-in-batch' || directAdd ? 'add' : 'batch-import';
        return { kind: 'create', items: directQueue.splice(0, route === 'add' ? 1 : 20), strategy: route };
      }
      if (createQueue.length > 0 && (createQueue.length >= want || inputDone)) {
        if (!strategyConfirmed && probing) {
          await waitForChange();
          continue;
        }
        if (strategy === undefined) {
          detecting ??= detectStrategy();
          const detected = await detecting;
          strategy ??= detected;
          continue;
        }
        if (!strategyConfirmed) probing = true;
        return { kind: 'create', items: createQueue.splice(0, rowsPerRequest()), strategy };
      }
      if (inputDone && directQueue.length > 0 && !strategyConfirmed && !probing && createQueue.length === 0) {
        // Only rows that cannot ride inside batch: no batch probe will come.
        strategy ??= 'add-in-batch';
        strategyConfirmed = true;
        continue;
      }
      if (inputDone && createQueue.length === 0 && directQueue.length === 0 && updateQueue.length === 0 && unknownQueue.length === 0 && busy === 0) {
        notify();
        return undefined;
      }
      const earliest = unknownQueue.reduce((min, entry) => Math.min(min, entry.notBefore), Number.POSITIVE_INFINITY);
      await waitForChange(Number.isFinite(earliest) ? earliest - now : undefined);
    }
  }

  async function detectStrategy(): Promise<LoadStrategy> {
    try {
      // method.get matches names in lower case only; `crm.item.batchImport` would only pass by a controller exception.
      const { result } = await client.call<{ isExisting?: boolean; isAvailable?: boolean }>('method.get', { name: 'crm.item.batchimport' }, { write: false });
      if (result && (result.isExisting === false || result.isAvailable === false)) return 'add-in-batch';
    } catch {
      // Old portals lack method.get; the first request will tell.
    }
    return 'batch-import-in-batch';
  }

  async function worker(): Promise<void> {
    for (;;) {
      const unit = await nextUnit();
      if (!unit) return;
      busy += 1;
      try {
        if (unit.kind === 'create') await runCreate(unit.items, unit.strategy);
        else if (unit.kind === 'update') await runUpdate(unit.items);
        else await runResolve(unit.items);
      } catch (error) {
        fatal ??= error;
      } finally {
        busy -= 1;
        notify();
        progress('loading');
      }
    }
  }

  async function runCreate(items: Item[], used: Route): Promise<void> {
    await journal.markPending(items.map((item) => item.row.key));
    const outcomes = await sendCreate(items, used);
    // The portal may still be running a request whose connection failed, up
    // to its request cap after it was sent: look only once that has passed.
    const answeredAt = Date.now();
    const acks: Array<{ key: string; itemId: number; hash: string }> = [];
    const cleared: string[] = [];
    const requeue: Item[] = [];
    const gaveUp: Item[] = [];
    let refused = false;
    let refusal: unknown;
    items.forEach((item, index) => {
      const outcome = outcomes.outcomes[index] ?? { kind: 'unknown' };
      switch (outcome.kind) {
        case 'ok':
          acks.push({ key: item.row.key, itemId: outcome.itemId, hash: item.hash });
          break;
        case 'failed':
          cleared.push(item.row.key);
          break;
        case 'retry':
        case 'refused':
          if (outcome.kind === 'refused') refused = true;
          else item.attempts += 1;
          cleared.push(item.row.key);
          if (item.attempts < MAX_CREATE_ROUNDS) requeue.push(item);
          else gaveUp.push(item);
          break;
        case 'unknown':
          // Counted, so a row whose request keeps failing as a whole cannot loop between look-up and resend.
          item.attempts += 1;
          unknownQueue.push({ item, notBefore: answeredAt + settleMs });
          break;
      }
    });
    if (outcomes.refusal !== undefined) refusal = outcomes.refusal;
    await journal.settle(acks, cleared);
    items.forEach((item, index) => {
      const outcome = outcomes.outcomes[index];
      if (outcome?.kind === 'ok') finish(item, { key: item.row.key, status: 'created', itemId: outcome.itemId });
      else if (outcome?.kind === 'failed') fail(item, outcome.error);
    });
    for (const item of gaveUp) {
      fail(item, new BitrixError('PORTAL_RATE_LIMIT', 'The portal kept refusing this row as too busy; it was not created.', { bitrixCode: 'QUERY_LIMIT_EXCEEDED', httpStatus: 503, where: { method: 'crm.item.batchImport' }, hint: 'Run the load again later; rows already loaded are skipped.' }));
    }
    enqueue(requeue);
    if (outcomes.costPerRow !== undefined) {
      costPerRow = costPerRow * 0.6 + outcomes.costPerRow * 0.4;
      // Only the portal's own budget figures count as its cost (wall time alone would understate it).
      if (outcomes.budgetPerRow !== undefined) measuredCosts.push(outcomes.budgetPerRow);
    }
    if (refused && items.every((item) => item.direct)) {
      directAdd = true;
    } else if (refused && used === strategy) {
      const next = NEXT_STRATEGY[strategy];
      if (next === undefined) {
        fatal ??= refusal;
      } else {
        strategy = next;
        strategyConfirmed = false;
      }
    } else if (used === strategy) {
      strategyConfirmed = true;
    }
    if (used === strategy || refused) probing = false;
  }

  async function sendCreate(items: Item[], used: Route): Promise<{ outcomes: RowOutcome[]; costPerRow?: number; budgetPerRow?: number; refusal?: unknown }> {
    requests += 1;
    const cost = items.length * costPerRow;
    const outcomes: RowOutcome[] = [];
    let refusal: unknown;
    let seconds = 0;
    let operatingPerRow: number | undefined;
    let charged: number | undefined;
    const timeOf = (time: TimeBlock | undefined, method: string): void => {
      if (!time) return;
      seconds += time.duration ?? time.processing ?? 0;
      if (typeof time.operating !== 'number') return;
      // Answers arrive in the order the portal ran them, so within one window
      // the growth of `operating` since the last answer is what this request
      // cost (more, if others ran in between: the safe side).
      const resetAt = time.operating_reset_at ?? 0;
      const last = lastOperating.get(method);
      if (last && last.resetAt === resetAt && time.operating > last.operating) charged = (charged ?? 0) + time.operating - last.operating;
      if (!last || resetAt !== last.resetAt || time.operating > last.operating) lastOperating.set(method, { operating: time.operating, resetAt });
    };
    try {
      if (used === 'add') {
        const item = items[0];
        const answer = await client.call<{ item?: { id?: unknown } }>('crm.item.add', { entityTypeId, fields: item?.fields, ...extra }, { write: true, cost, waitSignal: signal });
        timeOf(answer.time, 'crm.item.add');
        const id = Number(answer.result?.item?.id);
        outcomes.push(Number.isFinite(id) && id > 0 ? { kind: 'ok', itemId: id } : { kind: 'unknown' });
      } else if (used === 'batch-import') {
        const answer = await client.call('crm.item.batchImport', { entityTypeId, data: items.map((item) => item.fields), ...extra }, { write: true, cost, waitSignal: signal });
        timeOf(answer.time, 'crm.item.batchImport');
        outcomes.push(...importOutcomes(answer.result, items.length));
      } else {
        const per = ROWS_PER_COMMAND[used];
        const commands: BatchCommand[] = [];
        for (let start = 0; start < items.length; start += per) {
          const chunk = items.slice(start, start + per);
          commands.push(
            used === 'add-in-batch'
              ? { key: `r${start}`, method: 'crm.item.add', params: { entityTypeId, fields: chunk[0]?.fields, ...extra } }
              : { key: `r${start}`, method: 'crm.item.batchImport', params: { entityTypeId, data: chunk.map((item) => item.fields), ...extra } },
          );
        }
        const answers = await client.batch(commands, { write: true, cost, waitSignal: signal });
        // Commands of one batch run one after another, so the growth of
        // `operating` between the first and the last is what the rows after
        // the first command cost the budget (the portal's own unit).
        let firstOperating: number | undefined;
        let lastOperating: number | undefined;
        let rowsAfterFirst = 0;
        answers.forEach((answer, index) => {
          const size = Math.min(per, items.length - index * per);
          if (answer.status === 'ok') {
            timeOf(answer.time, commands[index]?.method ?? '');
            const operating = answer.time?.operating;
            if (typeof operating === 'number') {
              if (firstOperating === undefined) firstOperating = operating;
              else rowsAfterFirst += size;
              lastOperating = operating;
            }
          }
          outcomes.push(...commandOutcomes(answer, size, used));
          if (answer.status === 'error' && isRefusal(answer.error, used)) refusal = answer.error;
        });
        if (firstOperating !== undefined && lastOperating !== undefined && rowsAfterFirst > 0 && lastOperating > firstOperating) {
          operatingPerRow = (lastOperating - firstOperating) / rowsAfterFirst;
        }
      }
    } catch (error) {
      // Cancelled while waiting for the limiter: nothing was sent.
      if (signal.aborted && isAbortError(error)) return { outcomes: items.map(() => ({ kind: 'retry' })) };
      if (!(error instanceof BitrixError)) throw error;
      let kind: RowOutcome;
      if (error.ambiguous) kind = { kind: 'unknown' };
      else if (isRefusal(error, used)) {
        kind = { kind: 'refused' };
        refusal = error;
      } else if (error.retriable) kind = { kind: 'retry' };
      else if (error.code === 'PORTAL_VALIDATION') kind = { kind: 'failed', error };
      else {
        // Refused as a whole for a reason no row can fix: nothing was written.
        await journal.settle([], items.map((item) => item.row.key));
        throw error;
      }
      return { outcomes: items.map(() => kind), ...(refusal === undefined ? {} : { refusal }) };
    }
    const out: { outcomes: RowOutcome[]; costPerRow?: number; budgetPerRow?: number; refusal?: unknown } = { outcomes };
    const measured = Math.max(seconds / items.length, operatingPerRow ?? 0, (charged ?? 0) / items.length);
    if (measured > 0) out.costPerRow = measured;
    if (operatingPerRow !== undefined || charged !== undefined) out.budgetPerRow = Math.max(operatingPerRow ?? 0, (charged ?? 0) / items.length);
    if (refusal !== undefined) out.refusal = refusal;
    return out;
  }

  async function runUpdate(items: Array<Item & { itemId: number }>): Promise<void> {
    requests += 1;
    const commands: BatchCommand[] = items.map((item, index) => ({
      key: `u${index}`,
      method: 'crm.item.update',
      params: { entityTypeId, id: item.itemId, fields: item.fields, ...extra },
    }));
    let answers: BatchOutcome[];
    try {
      // An update that empties a list goes as a plain call: inside batch the empty list would vanish.
      answers = await sendWrites(client, commands, { cost: costPerRow, waitSignal: signal });
    } catch (error) {
      const notSent = signal.aborted && isAbortError(error);
      if (!notSent && (!(error instanceof BitrixError) || !(error.ambiguous || error.retriable))) throw error;
      answers = items.map((_, index) => ({ key: `u${index}`, status: 'unknown' }));
    }
    const acks: Array<{ key: string; itemId: number; hash: string }> = [];
    const done: Array<[Item, RowResult | BitrixError]> = [];
    items.forEach((item, index) => {
      const answer = answers[index];
      if (answer?.status === 'ok') {
        acks.push({ key: item.row.key, itemId: item.itemId, hash: item.hash });
        done.push([item, { key: item.row.key, status: 'updated', itemId: item.itemId }]);
      } else if (answer?.status === 'error' && !answer.error.retriable) {
        done.push([item, answer.error]);
      } else {
        // Updates are idempotent: sending the same fields again is harmless.
        item.attempts += 1;
        if (item.attempts >= MAX_UPDATE_ATTEMPTS) {
          done.push([item, new BitrixError('PORTAL_NETWORK', 'crm.item.update: no answer from the portal after several attempts.', { bitrixCode: 'NO_ANSWER', httpStatus: 0, where: { method: 'crm.item.update' } })]);
        } else updateQueue.push(item);
      }
    });
    await journal.settle(acks);
    for (const [item, result] of done) {
      if (result instanceof BitrixError) fail(item, result);
      else finish(item, result);
    }
  }

  async function runResolve(items: Item[]): Promise<void> {
    requests += 1;
    const afterId = items.reduce((min, item) => Math.min(min, item.afterId), Number.POSITIVE_INFINITY);
    let found: Map<string, number[]>;
    try {
      found = await findByXmlId(client, entityTypeId, items.map((item) => item.xmlId), Number.isFinite(afterId) ? afterId : 0);
    } catch (error) {
      const attempts = Math.max(...items.map((item) => (item.attempts += 1)));
      if (attempts >= MAX_RESOLVE_ATTEMPTS) throw error;
      for (const item of items) unknownQueue.push({ item, notBefore: Date.now() + 1000 * attempts });
      return;
    }
    resolvedUnknown += items.length;
    const acks: Array<{ key: string; itemId: number; hash: string }> = [];
    const cleared: string[] = [];
    const created: Array<[Item, number]> = [];
    for (const item of items) {
      const ids = found.get(item.xmlId);
      if (ids && ids.length > 0) {
        const itemId = Math.min(...ids);
        duplicatesSeen += ids.length - 1;
        acks.push({ key: item.row.key, itemId, hash: item.hash });
        created.push([item, itemId]);
      } else {
        cleared.push(item.row.key);
      }
    }
    await journal.settle(acks, cleared);
    for (const [item, itemId] of created) finish(item, { key: item.row.key, status: 'created', itemId });
    const missing = items.filter((item) => !found.get(item.xmlId)?.length);
    for (const item of missing.filter((candidate) => candidate.attempts >= MAX_CREATE_ROUNDS)) {
      fail(item, new BitrixError('PORTAL_ERROR', `The portal did not create this row after ${item.attempts} attempts and it is not there.`, { bitrixCode: 'NOT_CREATED', httpStatus: 0, where: { method: 'crm.item.batchImport' }, hint: 'Run again later; if it repeats, the row may hold a value the portal cannot take.' }));
    }
    enqueue(missing.filter((item) => item.attempts < MAX_CREATE_ROUNDS));
  }

  progress('starting');
  // Between answers the limiter may hold requests back for long (a budget
  // reset); keep telling the caller what it waits for.
  const ticker = setInterval(() => progress('loading'), 250);
  ticker.unref();
  try {
    await Promise.all(Array.from({ length: concurrency }, () => worker()));
    if (fatal === undefined && !signal.aborted) {
      // Keys left pending by an earlier run whose rows are not in this input:
      // settle them so the journal says what the portal holds.
      const orphans = journal.pending().filter(({ key }) => !seen.has(key));
      if (orphans.length > 0) {
        progress('resolving');
        for (let start = 0; start < orphans.length; start += 50) {
          const chunk = orphans.slice(start, start + 50);
          const xmlIds = chunk.map(({ key }) => `${input.xmlIdPrefix}:${key}`);
          const found = await findByXmlId(client, entityTypeId, xmlIds, Math.min(...chunk.map(({ afterId }) => afterId)));
          const acks = chunk.flatMap(({ key }) => {
            const ids = found.get(`${input.xmlIdPrefix}:${key}`);
            return ids && ids.length > 0 ? [{ key, itemId: Math.min(...ids) }] : [];
          });
          await journal.settle(acks, chunk.filter(({ key }) => !found.get(`${input.xmlIdPrefix}:${key}`)?.length).map(({ key }) => key));
        }
      }
    }
  } finally {
    clearInterval(ticker);
    signal.removeEventListener('abort', onAbort);
  }
  if (fatal !== undefined) {
    progress('cancelled');
    throw fatal;
  }
  const cancelled = signal.aborted;
  progress(cancelled ? 'cancelled' : 'done');
  return {
    ...counts,
    rows: [...results].sort(([a], [b]) => a - b).map(([, result]) => result),
    cancelled,
    strategy,
    requests,
    resolvedUnknown,
    duplicatesSeen,
    elapsedMs: Date.now() - startedAt,
    ...(measuredCosts.length > 0 ? { costPerRowSeconds: median(measuredCosts) } : {}),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Fields without the history ones: they are written once by the import and
 * cannot be updated, so they never make a loaded row "changed" (a future date
 * clamped to a different "now" on a resumed run must not cause an update).
 */
function withoutHistory(fields: Record<string, unknown>): Record<string, unknown> {
  const { createdTime: _created, createdBy: _author, movedTime: _moved, updatedTime: _updated, ...rest } = fields;
  return rest;
}

function importOutcomes(result: unknown, size: number): RowOutcome[] {
  const list = (result as { items?: unknown } | null)?.items;
  const entries = Array.isArray(list) ? list : list && typeof list === 'object' ? Object.values(list) : [];
  return Array.from({ length: size }, (_, index): RowOutcome => {
    const entry = entries[index] as { item?: { id?: unknown }; error?: unknown; error_description?: unknown } | undefined;
    if (!entry) return { kind: 'unknown' };
    const id = Number(entry.item?.id);
    if (entry.item && Number.isFinite(id) && id > 0) return { kind: 'ok', itemId: id };
    if (entry.error !== undefined) return { kind: 'failed', error: bitrixErrorFromAnswer(entry, 400, 'crm.item.batchImport') };
    return { kind: 'unknown' };
  });
}

function commandOutcomes(answer: BatchOutcome, size: number, used: Route): RowOutcome[] {
  switch (answer.status) {
    case 'ok': {
      if (used !== 'add-in-batch') return importOutcomes(answer.result, size);
      const id = Number((answer.result as { item?: { id?: unknown } } | null)?.item?.id);
      return [Number.isFinite(id) && id > 0 ? { kind: 'ok', itemId: id } : { kind: 'unknown' }];
    }
    case 'error': {
      // A multi-row command refused as a whole for anything but its parameters
      // may have written some rows before failing: the xmlId look-up decides.
      const maybePartial = size > 1 && answer.error.code !== 'PORTAL_VALIDATION';
      const kind: RowOutcome = isRefusal(answer.error, used)
        ? { kind: 'refused' }
        : answer.error.retriable
          ? { kind: 'retry' }
          : maybePartial
            ? { kind: 'unknown' }
            : { kind: 'failed', error: answer.error };
      return Array.from({ length: size }, () => kind);
    }
    case 'not-run':
      return Array.from({ length: size }, () => ({ kind: 'retry' }));
    case 'unknown':
      return Array.from({ length: size }, () => ({ kind: 'unknown' }));
  }
}

// The portal says "not this way" (method missing, not allowed inside batch,
// no import permission): nothing ran, so the rows go again another way.
function isRefusal(error: BitrixError, used: Route): boolean {
  if (used === 'add-in-batch' || used === 'add') return false;
  if (['ERROR_METHOD_NOT_FOUND', 'METHOD_NOT_FOUND', 'ERROR_BATCH_METHOD_NOT_ALLOWED'].includes(error.bitrixCode)) return true;
  return error.code === 'PORTAL_ACCESS';
}

function toAsyncIterator<T>(rows: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in rows) return (rows as AsyncIterable<T>)[Symbol.asyncIterator]();
  const sync = (rows as Iterable<T>)[Symbol.iterator]();
  return { next: () => Promise.resolve(sync.next()) };
}
