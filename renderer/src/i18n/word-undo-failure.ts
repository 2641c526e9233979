import type { UndoClient, UndoFailure } from '../../../shared/runs/undo/types';
import type { MessageKey } from './messages-en';
import { portalSaidRu, translate, type Language } from './translate';

/**
 * What an undo could not delete, in the UI language: the item and the sheet row
 * it came from (or the field, stage, smart process, company, contact or
 * workflow template), the method, then the portal's own words — in Russian
 * quoted and labelled as the portal's. A failure without those facts keeps the
 * core's English line.
 */
export function wordUndoFailure(language: Language, failure: UndoFailure): string {
  const said = failure.detail === undefined ? undefined : language === 'ru' ? portalSaidRu(failure.params, failure.detail) : failure.detail;
  if (failure.what === 'item' && failure.row !== undefined) {
    if (failure.detail === undefined) return translate(language, 'undo.failure.itemUnconfirmed', { id: failure.target, row: failure.row });
    return translate(language, 'undo.failure.item', { id: failure.target, row: failure.row, detail: said ?? '' });
  }
  if ((failure.what === 'company' || failure.what === 'contact') && failure.detail === undefined) {
    return translate(language, `undo.failure.${failure.what}Unconfirmed`, { target: failure.target, name: failure.name ?? '', method: failure.method ?? '—' });
  }
  if (failure.what !== 'item' && said !== undefined) {
    const key = `undo.failure.${failure.what}` as MessageKey;
    return translate(language, key, { target: failure.target, name: failure.name ?? '', method: failure.method ?? '—', detail: said });
  }
  return failure.message;
}

/** Why a created company or contact stays (or, edited, goes too), with what uses it, in the UI language. */
export function wordClientReason(language: Language, client: UndoClient): string {
  const links = (client.links ?? []).map((link) => translate(language, `undo.clients.link.${link.kind}`, { id: String(link.id) })).join(', ');
  switch (client.reason) {
    case 'edited':
      return translate(language, 'undo.clients.reason.edited');
    case 'linked':
      return translate(language, 'undo.clients.reason.linked', { links });
    case 'used-by-item':
      return translate(language, 'undo.clients.reason.usedByItem', { links });
    case 'unchecked':
      return translate(language, 'undo.clients.reason.unchecked');
    default:
      return '';
  }
}
