import type { RowFailure } from '../../../shared/sheet/plan/types';
import type { MessageKey } from './messages-en';
import type { ErrorCode } from '../../../shared/base/errors/errors';
import { errorText, portalSaidRu, translate, type Language } from './translate';

/**
 * Why a row was not sent, in the UI language: the place (`Строка 8, столбец
 * «Сумма»`), then what the cell should have been, or the portal's own words
 * and code for a refusal (quoted as the portal's). English is the core's own line.
 */
export function wordRowFailure(language: Language, failure: RowFailure): string {
  if (language !== 'ru') return failure.message;
  const place = `${failure.row > 0 ? `Строка ${failure.row}` : 'Строка'}${failure.column === undefined ? '' : `, столбец «${failure.column}»`}`;
  if (failure.problem !== undefined) return `${place}: ${translate('ru', `preview.problem.${failure.problem}` as MessageKey, { text: failure.text ?? '' })}.`;
  const params = failure.params;
  if (params?.reason === 'rowNotCreated') {
    return `${place}: портал не создал строку (попыток: ${params.attempts ?? '—'}), и её нет на портале. Запустите перенос ещё раз позже; если это повторится, в строке может быть значение, которого портал не принимает.`;
  }
  if (params?.portalCode !== undefined || params?.portalText !== undefined) return `${place}: портал не принял строку. ${portalSaidRu(params, failure.detail ?? failure.message)}`;
  if (failure.code.startsWith('PORTAL_') && failure.detail !== undefined) return `${place}: портал не принял строку — ${failure.detail}`;
  // Any other code: its Russian text, with the core's specifics labelled as its English words.
  const text = errorText('ru', { code: failure.code as ErrorCode, message: failure.detail ?? failure.message, ...(params ? { params } : {}) });
  return `${place}: ${text.message}${text.hint ? ` ${text.hint}` : ''}`;
}
