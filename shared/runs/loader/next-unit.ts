import { classifyRow } from './classify-row';
import type { LoadState, Route, Unit } from './load-state';
import { LOOKUPS_PER_REQUEST, UPDATES_PER_REQUEST } from './load-state';
import type { LoadStrategy } from './types';

/** Rows that cannot ride inside `batch`, sent together in one `crm.item.batchImport`. */
const DIRECT_ROWS_PER_REQUEST = 20;

/**
 * The next request a worker should send, or `undefined` when the load is
 * over (input read, queues empty, nothing in flight), failed or cancelled.
 * Look-ups that are due go first, then updates, then creates; creates wait
 * while the first request of an unconfirmed strategy is in flight, so a
 * refused strategy is learned from one request rather than several.
 */
export async function nextUnit(state: LoadState): Promise<Unit | undefined> {
  const { createQueue, directQueue, updateQueue, unknownQueue } = state;
  for (;;) {
    if (state.fatal !== undefined || state.signal.aborted) return undefined;
    const want = state.rowsPerRequest();
    if (!state.inputDone && createQueue.length < want && updateQueue.length < UPDATES_PER_REQUEST) {
      if (!state.pulling) state.pulling = pull(state, want).finally(() => (state.pulling = undefined));
      await state.pulling;
      continue;
    }
    const now = Date.now();
    const ready = unknownQueue.filter((entry) => entry.notBefore <= now);
    if (ready.length > 0) {
      const taken = ready.slice(0, LOOKUPS_PER_REQUEST);
      for (const entry of taken) unknownQueue.splice(unknownQueue.indexOf(entry), 1);
      return { kind: 'resolve', items: taken.map((entry) => entry.item) };
    }
    if (updateQueue.length > 0 && (updateQueue.length >= UPDATES_PER_REQUEST || state.inputDone || createQueue.length === 0)) {
      return { kind: 'update', items: updateQueue.splice(0, UPDATES_PER_REQUEST) };
    }
    if (directQueue.length > 0 && state.strategyConfirmed && state.strategy !== undefined && (directQueue.length >= DIRECT_ROWS_PER_REQUEST || state.inputDone)) {
      const route: Route = state.strategy === 'add-in-batch' || state.directAdd ? 'add' : 'batch-import';
      return { kind: 'create', items: directQueue.splice(0, route === 'add' ? 1 : DIRECT_ROWS_PER_REQUEST), strategy: route };
    }
    if (createQueue.length > 0 && (createQueue.length >= want || state.inputDone)) {
      if (!state.strategyConfirmed && state.probing) {
        await state.waitForChange();
        continue;
      }
      if (state.strategy === undefined) {
        state.detecting ??= detectStrategy(state);
        const detected = await state.detecting;
        state.strategy ??= detected;
        continue;
      }
      if (!state.strategyConfirmed) state.probing = true;
      return { kind: 'create', items: createQueue.splice(0, state.rowsPerRequest()), strategy: state.strategy };
    }
    if (state.inputDone && directQueue.length > 0 && !state.strategyConfirmed && !state.probing && createQueue.length === 0) {
      // Only rows that cannot ride inside batch: no batch probe will come.
      state.strategy ??= 'add-in-batch';
      state.strategyConfirmed = true;
      continue;
    }
    if (state.inputDone && createQueue.length === 0 && directQueue.length === 0 && updateQueue.length === 0 && unknownQueue.length === 0 && state.busy === 0) {
      state.notify();
      return undefined;
    }
    const earliest = unknownQueue.reduce((min, entry) => Math.min(min, entry.notBefore), Number.POSITIVE_INFINITY);
    await state.waitForChange(Number.isFinite(earliest) ? earliest - now : undefined);
  }
}

// Reads input rows until a create request's worth is queued (or enough
// updates to send), so a huge sheet is never held in memory whole.
async function pull(state: LoadState, want: number): Promise<void> {
  while (!state.inputDone && state.createQueue.length < want && state.updateQueue.length < UPDATES_PER_REQUEST) {
    const next = await state.iterator.next();
    if (next.done) {
      state.inputDone = true;
      break;
    }
    classifyRow(state, next.value);
  }
}

async function detectStrategy(state: LoadState): Promise<LoadStrategy> {
  try {
    // method.get matches names in lower case only; `crm.item.batchImport` would only pass by a controller exception.
    const { result } = await state.input.client.call<{ isExisting?: boolean; isAvailable?: boolean }>('method.get', { name: 'crm.item.batchimport' }, { write: false });
    if (result && (result.isExisting === false || result.isAvailable === false)) return 'add-in-batch';
  } catch {
    // Old portals lack method.get; the first request will tell.
  }
  return 'batch-import-in-batch';
}
