import type { RowFailure } from '../../../shared/sheet/plan/types';
import type { MessageKey } from './messages-en';
import { translate, type Language } from './translate';

/**
 * Why a row was not sent, in the UI language: the place (`Строка 8, столбец
 * «Сумма»`), then what the cell should have been, or the portal's own words
 * for a refusal. English is the core's own line.
 */
export function wordRowFailure(language: Language, failure: RowFailure): string {
  if (language !== 'ru') return failure.message;
  const place = `${failure.row > 0 ? `Строка ${failure.row}` : 'Строка'}${failure.column === undefined ? '' : `, столбец «${failure.column}»`}`;
  if (failure.problem !== undefined) return `${place}: ${translate('ru', `preview.problem.${failure.problem}` as MessageKey, { text: failure.text ?? '' })}.`;
  if (failure.code.startsWith('PORTAL_') && failure.detail !== undefined) return `${place}: портал не принял строку — ${failure.detail}`;
  return failure.message;
}
