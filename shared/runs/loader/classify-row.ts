import { AppError } from '../../base/errors/errors';
import { hasBatchReference } from '../../portal/bitrix/encode-query';
import type { Item, LoadState } from './load-state';
import { rowHash } from '../../sheet/plan/row-hash';
import type { LoadRow } from './types';

/**
 * Sorts one input row into its place: a repeated key fails, a row the
 * journal holds with the same fields is `unchanged` and with other fields is
 * queued for update, a row an earlier run sent without an answer is queued
 * for look-up, and any other row is queued to be created.
 */
export function classifyRow(state: LoadState, row: LoadRow): void {
  const index = state.nextIndex++;
  const xmlId = `${state.input.xmlIdPrefix}:${row.key}`;
  const fields = { ...row.fields, xmlId };
  const item: Item = { row, index, xmlId, fields, hash: rowHash(withoutHistory(fields)), afterId: 0, attempts: 0, direct: hasBatchReference(fields) };
  if (state.seen.has(row.key)) {
    const where = row.sourceRow === undefined ? {} : { where: { row: row.sourceRow } };
    state.fail(item, new AppError('INVALID_INPUT', `The row key "${row.key}" appears more than once.`, { hint: 'Row keys must be unique; fix the key column.', ...where, params: { reason: 'rowKeyRepeated', key: row.key } }));
    return;
  }
  state.seen.add(row.key);
  const entry = state.input.journal.get(row.key);
  if (entry) {
    if (entry.hash === item.hash) state.finish(item, { key: row.key, status: 'unchanged', itemId: entry.itemId });
    else state.updateQueue.push({ ...item, itemId: entry.itemId });
    return;
  }
  const afterId = state.pendingAfter.get(row.key);
  if (afterId !== undefined) {
    item.afterId = afterId;
    state.unknownQueue.push({ item, notBefore: 0 });
    return;
  }
  if (item.direct) state.directQueue.push(item);
  else state.createQueue.push(item);
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
