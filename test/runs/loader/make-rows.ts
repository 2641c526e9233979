import type { LoadRow } from '../../../shared/runs/loader/types';
import type { SmartProcess } from '../../portal/bitrix/test-portal';

/**
 * `count` deterministic rows for a test smart process; every `badEvery`-th
 * row (if given) carries an invalid integer so the portal rejects it.
 */
export function makeRows(spa: SmartProcess, count: number, badEvery = 0, tag = ''): LoadRow[] {
  return Array.from({ length: count }, (_, index) => ({
    key: `row-${index}`,
    sourceRow: index + 2,
    fields: {
      title: `Request ${index}${tag} & co = [${index % 7}]`,
      [spa.amount]: badEvery > 0 && index % badEvery === badEvery - 1 ? 'not a number' : index,
      [spa.note]: index % 3 === 0 ? '' : `Заметка ${index}\nline 2`,
      [spa.tags]: index % 2 === 0 ? ['a', `t${index % 5}`] : [],
    },
  }));
}
