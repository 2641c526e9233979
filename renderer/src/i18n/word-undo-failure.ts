import type { UndoFailure } from '../../../shared/runs/undo/types';
import type { MessageKey } from './messages-en';
import { translate, type Language } from './translate';

/**
 * What an undo could not delete, in the UI language: the item and the sheet row
 * it came from (or the field, stage or smart process), then the portal's own
 * words. A failure without those facts keeps the core's English line.
 */
export function wordUndoFailure(language: Language, failure: UndoFailure): string {
  if (failure.what === 'item' && failure.row !== undefined) {
    if (failure.detail === undefined) return translate(language, 'undo.failure.itemUnconfirmed', { id: failure.target, row: failure.row });
    return translate(language, 'undo.failure.item', { id: failure.target, row: failure.row, detail: failure.detail });
  }
  if (failure.what !== 'item' && failure.detail !== undefined) {
    const key = `undo.failure.${failure.what}` as MessageKey;
    return translate(language, key, { target: failure.target, method: failure.method ?? '—', detail: failure.detail });
  }
  return failure.message;
}
