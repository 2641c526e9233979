import { BitrixError } from '../../portal/bitrix/bitrix-error';
import type { LoadStrategy } from './types';
import type { Item, LoadState, Route } from './load-state';
import { sendCreate } from './send-create';

const NEXT_STRATEGY: Record<LoadStrategy, LoadStrategy | undefined> = {
  'batch-import-in-batch': 'batch-import',
  'batch-import': 'add-in-batch',
  'add-in-batch': undefined,
};
/** Rounds of "refused, try again" (each already retried by the client) before a row is reported failed. */
export const MAX_CREATE_ROUNDS = 8;

/**
 * Creates one request's rows: marks them pending in the journal before
 * sending, records every acknowledged row before reporting it, puts rows
 * to be tried again back in their queue and unanswered ones on the look-up
 * queue, learns the per-row cost, and steps down to the next strategy when
 * the portal refuses this one.
 */
export async function runCreate(state: LoadState, items: Item[], used: Route): Promise<void> {
  const { journal } = state.input;
  await journal.markPending(items.map((item) => item.row.key));
  const outcomes = await sendCreate(state, items, used);
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
        state.unknownQueue.push({ item, notBefore: answeredAt + state.settleMs });
        break;
    }
  });
  if (outcomes.refusal !== undefined) refusal = outcomes.refusal;
  await journal.settle(acks, cleared);
  items.forEach((item, index) => {
    const outcome = outcomes.outcomes[index];
    if (outcome?.kind === 'ok') state.finish(item, { key: item.row.key, status: 'created', itemId: outcome.itemId });
    else if (outcome?.kind === 'failed') state.fail(item, outcome.error);
  });
  for (const item of gaveUp) {
    state.fail(item, new BitrixError('PORTAL_RATE_LIMIT', 'The portal kept refusing this row as too busy; it was not created.', { bitrixCode: 'QUERY_LIMIT_EXCEEDED', httpStatus: 503, where: { method: 'crm.item.batchImport' }, hint: 'Run the load again later; rows already loaded are skipped.' }));
  }
  state.enqueue(requeue);
  if (outcomes.costPerRow !== undefined) {
    state.costPerRow = state.costPerRow * 0.6 + outcomes.costPerRow * 0.4;
    // Only the portal's own budget figures count as its cost (wall time alone would understate it).
    if (outcomes.budgetPerRow !== undefined) state.measuredCosts.push(outcomes.budgetPerRow);
  }
  adjustStrategy(state, items, used, refused, refusal);
}

// A refusal of direct rows sends them as plain calls; a refusal of the
// strategy in use steps down to the next one (or ends the load after the
// last); an accepted request of the strategy in use confirms it.
function adjustStrategy(state: LoadState, items: Item[], used: Route, refused: boolean, refusal: unknown): void {
  if (refused && items.every((item) => item.direct)) {
    state.directAdd = true;
  } else if (refused && used === state.strategy) {
    const next = NEXT_STRATEGY[state.strategy];
    if (next === undefined) {
      state.fatal ??= refusal;
    } else {
      state.strategy = next;
      state.strategyConfirmed = false;
    }
  } else if (used === state.strategy) {
    state.strategyConfirmed = true;
  }
  if (used === state.strategy || refused) state.probing = false;
}
