import type { ReadWarning } from '../../../shared/sheet/spreadsheet/types';
import { readWarningText } from '../../../shared/sheet/spreadsheet/read-warning-wording';
import type { Language } from './translate';
import { ruCount, ruRowList, ruRows } from './ru-words';

/** A reader warning in Russian: what the reader decided, where, and what to do if it guessed wrong. */
export function readWarningRu(warning: ReadWarning): string {
  switch (warning.code) {
    case 'TITLE_ROWS_SKIPPED':
      return warning.rows.length === 1
        ? `Строка ${warning.rows[0]} над заголовком похожа на название таблицы и пропущена.`
        : `Строки ${ruRowList(warning.rows)} над заголовком похожи на название таблицы и пропущены.`;
    case 'HEADER_ROW_CHOSEN': {
      const above = warning.rows ?? [];
      return `Заголовок — строка ${warning.params.row}, как выбрано${above.length === 0 ? '.' : `; ${above.length === 1 ? `строка ${above[0]} над ним пропущена` : `строки ${ruRowList(above)} над ним пропущены`}.`}`;
    }
    case 'HEADER_ROWS_JOINED': {
      const { groupRow, headerRow } = warning.params;
      return `Строки ${groupRow} и ${headerRow} — один заголовок: названия групп из строки ${groupRow} соединены с заголовками под ними («Группа / Заголовок»).`;
    }
    case 'TOTALS_ROW_EXCLUDED':
      return `Строка ${warning.params.row} похожа на строку итогов и не загружается.`;
    case 'BLANK_ROWS_DROPPED':
      return warning.rows.length === 1
        ? `Пустая строка ${warning.rows[0]} внутри таблицы пропущена.`
        : `${ruCount(warning.rows.length, 'пустая строка', 'пустые строки', 'пустых строк')} внутри таблицы ${warning.rows.length % 10 === 1 && warning.rows.length % 100 !== 11 ? 'пропущена' : 'пропущены'}: ${ruRows(warning.rows)}.`;
    case 'BLANK_COLUMNS_DROPPED': {
      const { columns } = warning.params;
      return columns.length === 1 ? `Пустой столбец ${columns[0]} пропущен.` : `Пропущены пустые столбцы: ${columns.join(', ')}.`;
    }
    case 'HEADER_RENAMED': {
      const { reason, letter, header, renamed } = warning.params;
      return reason === 'empty'
        ? `В столбце ${letter} есть данные, но нет заголовка; он назван «${renamed}». Чтобы дать ему имя, впишите заголовок в файле.`
        : `Заголовок «${header}» встречается несколько раз; столбец ${letter} назван «${renamed}».`;
    }
    case 'MERGED_CELLS_FILLED':
      return `Объединённые ячейки на листе «${warning.params.sheet}» разнесены по строкам: каждая строка объединённого блока получает его значение.`;
    case 'ENCODING_GUESSED':
      return `В «${warning.params.file}» нет метки кодировки, и это не UTF-8; файл прочитан как ${warning.params.encoding}. Если буквы выглядят неверно, сохраните его как «CSV UTF-8» и перетащите снова.`;
    case 'ROWS_TRUNCATED':
      return `На листе «${warning.params.sheet}» объявлено строк: ${warning.params.declared.toLocaleString('ru-RU')}; прочитаны только первые ${warning.params.read.toLocaleString('ru-RU')}.`;
  }
}

/** A reader warning in the UI language. */
export function wordReadWarning(language: Language, warning: ReadWarning): string {
  return language === 'ru' ? readWarningRu(warning) : readWarningText(warning);
}
