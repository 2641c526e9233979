import { isAbortError } from '../../base/errors/errors';
import { BitrixError } from '../../portal/bitrix/bitrix-error';
import { sendWrites } from '../../portal/bitrix/send-writes';
import type { BatchCommand, BatchOutcome } from '../../portal/bitrix/types';
import type { Item, LoadState, UpdateItem } from './load-state';
import type { RowResult } from './types';

const MAX_UPDATE_ATTEMPTS = 4;

/**
 * Updates rows already in the portal whose fields changed. Updates are
 * idempotent, so an unanswered one is simply sent again, up to a few times.
 */
export async function runUpdate(state: LoadState, items: UpdateItem[]): Promise<void> {
  const { client, journal, entityTypeId } = state.input;
  const { signal } = state;
  state.requests += 1;
  const commands: BatchCommand[] = items.map((item, index) => ({
    key: `u${index}`,
    method: 'crm.item.update',
    params: { entityTypeId, id: item.itemId, fields: item.fields, ...state.extra },
  }));
  let answers: BatchOutcome[];
  try {
    // An update that empties a list goes as a plain call: inside batch the empty list would vanish.
    answers = await sendWrites(client, commands, { cost: state.costPerRow, waitSignal: signal });
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
      } else state.updateQueue.push(item);
    }
  });
  await journal.settle(acks);
  for (const [item, result] of done) {
    if (result instanceof BitrixError) state.fail(item, result);
    else state.finish(item, result);
  }
}
