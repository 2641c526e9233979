import { BitrixError } from '../../portal/bitrix/bitrix-error';
import { findByXmlId } from './find-by-xml-id';
import type { Item, LoadState } from './load-state';
import { MAX_CREATE_ROUNDS } from './run-create';

const MAX_RESOLVE_ATTEMPTS = 6;

/**
 * Looks up rows whose create got no answer by their `xmlId`: a row found is
 * recorded as created (the oldest item when the portal holds several), a row
 * not found goes back to be created again — so nothing is sent twice before
 * the portal has said it does not hold the row.
 */
export async function runResolve(state: LoadState, items: Item[]): Promise<void> {
  const { client, journal, entityTypeId } = state.input;
  state.requests += 1;
  const afterId = items.reduce((min, item) => Math.min(min, item.afterId), Number.POSITIVE_INFINITY);
  let found: Map<string, number[]>;
  try {
    found = await findByXmlId(client, entityTypeId, items.map((item) => item.xmlId), Number.isFinite(afterId) ? afterId : 0);
  } catch (error) {
    const attempts = Math.max(...items.map((item) => (item.attempts += 1)));
    if (attempts >= MAX_RESOLVE_ATTEMPTS) throw error;
    for (const item of items) state.unknownQueue.push({ item, notBefore: Date.now() + 1000 * attempts });
    return;
  }
  state.resolvedUnknown += items.length;
  const acks: Array<{ key: string; itemId: number; hash: string }> = [];
  const cleared: string[] = [];
  const created: Array<[Item, number]> = [];
  for (const item of items) {
    const ids = found.get(item.xmlId);
    if (ids && ids.length > 0) {
      const itemId = Math.min(...ids);
      state.duplicatesSeen += ids.length - 1;
      acks.push({ key: item.row.key, itemId, hash: item.hash });
      created.push([item, itemId]);
    } else {
      cleared.push(item.row.key);
    }
  }
  await journal.settle(acks, cleared);
  for (const [item, itemId] of created) state.finish(item, { key: item.row.key, status: 'created', itemId });
  const missing = items.filter((item) => !found.get(item.xmlId)?.length);
  for (const item of missing.filter((candidate) => candidate.attempts >= MAX_CREATE_ROUNDS)) {
    state.fail(item, new BitrixError('PORTAL_ERROR', `The portal did not create this row after ${item.attempts} attempts and it is not there.`, { bitrixCode: 'NOT_CREATED', httpStatus: 0, where: { method: 'crm.item.batchImport' }, hint: 'Run again later; if it repeats, the row may hold a value the portal cannot take.', params: { reason: 'rowNotCreated', attempts: String(item.attempts) } }));
  }
  state.enqueue(missing.filter((item) => item.attempts < MAX_CREATE_ROUNDS));
}
