import { describe, expect, it } from 'vitest';
import { locateTable } from '../../shared/sheet/spreadsheet/locate-table';
import { readWarningText } from '../../shared/sheet/spreadsheet/read-warning-wording';
import type { Cell, ReadWarning } from '../../shared/sheet/spreadsheet/types';
import { wordReadWarning } from '../../renderer/src/i18n/word-read-warning';

/** A register with a title row, a blank column C, blank rows 5 and 7, an unnamed column E, a repeated header and a totals row. */
const GRID: Cell[][] = [
  ['Реестр договоров за 2024 год'],
  ['№', 'Сумма', null, 'Сумма', null, 'Статус'],
  ['1', 100, null, 5, 'x', 'Новая'],
  ['2', 200, null, 6, null, 'Новая'],
  [null],
  ['3', 300, null, 7, null, 'Подписан'],
  [],
  ['4', 400, null, 8, null, 'Новая'],
  ['Итого', 1000],
];

function warningsByCode(): Map<string, ReadWarning[]> {
  const table = locateTable('Договоры', GRID);
  const byCode = new Map<string, ReadWarning[]>();
  for (const warning of table.warnings) byCode.set(warning.code, [...(byCode.get(warning.code) ?? []), warning]);
  return byCode;
}

describe('reader notes carry a code and facts, worded per language', () => {
  const byCode = warningsByCode();
  const one = (code: string, index = 0): ReadWarning => byCode.get(code)![index]!;

  it('the reader reports facts, not sentences', () => {
    expect([...byCode.keys()].sort()).toEqual(['BLANK_COLUMNS_DROPPED', 'BLANK_ROWS_DROPPED', 'HEADER_RENAMED', 'TITLE_ROWS_SKIPPED', 'TOTALS_ROW_EXCLUDED']);
    expect(one('BLANK_COLUMNS_DROPPED')).toEqual({ code: 'BLANK_COLUMNS_DROPPED', params: { columns: ['C'] } });
    expect(one('BLANK_ROWS_DROPPED')).toEqual({ code: 'BLANK_ROWS_DROPPED', rows: [5, 7] });
    for (const warning of locateTable('Договоры', GRID).warnings) expect(warning).not.toHaveProperty('message');
  });

  it('title rows, totals row, blank rows and columns', () => {
    expect(wordReadWarning('en', one('TITLE_ROWS_SKIPPED'))).toBe('Row 1 above the header looks like a title and was skipped.');
    expect(wordReadWarning('ru', one('TITLE_ROWS_SKIPPED'))).toBe('Строка 1 над заголовком похожа на название таблицы и пропущена.');
    expect(wordReadWarning('en', one('TOTALS_ROW_EXCLUDED'))).toBe('Row 9 looks like a totals row and was not imported.');
    expect(wordReadWarning('ru', one('TOTALS_ROW_EXCLUDED'))).toBe('Строка 9 похожа на строку итогов и не загружается.');
    expect(wordReadWarning('en', one('BLANK_ROWS_DROPPED'))).toBe('2 blank rows inside the table were dropped: rows 5, 7.');
    expect(wordReadWarning('ru', one('BLANK_ROWS_DROPPED'))).toBe('2 пустые строки внутри таблицы пропущены: строки 5, 7.');
    expect(wordReadWarning('en', one('BLANK_COLUMNS_DROPPED'))).toBe('Blank column C was dropped.');
    expect(wordReadWarning('ru', one('BLANK_COLUMNS_DROPPED'))).toBe('Пустой столбец C пропущен.');
    expect(wordReadWarning('ru', { code: 'BLANK_COLUMNS_DROPPED', params: { columns: ['C', 'F'] } })).toBe('Пропущены пустые столбцы: C, F.');
    expect(wordReadWarning('ru', { code: 'TITLE_ROWS_SKIPPED', rows: [1, 2, 3] })).toBe('Строки 1–3 над заголовком похожи на название таблицы и пропущены.');
    expect(wordReadWarning('ru', { code: 'BLANK_ROWS_DROPPED', rows: [21] })).toBe('Пустая строка 21 внутри таблицы пропущена.');
  });

  it('renamed headers: no header, and a repeated one', () => {
    const empty = byCode.get('HEADER_RENAMED')!.find((w) => w.code === 'HEADER_RENAMED' && w.params.reason === 'empty')!;
    const duplicate = byCode.get('HEADER_RENAMED')!.find((w) => w.code === 'HEADER_RENAMED' && w.params.reason === 'duplicate')!;
    expect(readWarningText(empty)).toBe('Column E has data but no header; it is called “Column E”. Type a header in the file to name it.');
    expect(wordReadWarning('ru', empty)).toBe('В столбце E есть данные, но нет заголовка; он назван «Column E». Чтобы дать ему имя, впишите заголовок в файле.');
    expect(readWarningText(duplicate)).toBe('“Сумма” appears more than once; the one in column D is called “Сумма (2)”.');
    expect(wordReadWarning('ru', duplicate)).toBe('Заголовок «Сумма» встречается несколько раз; столбец D назван «Сумма (2)».');
  });

  it('a header row the person chose', () => {
    expect(wordReadWarning('en', { code: 'HEADER_ROW_CHOSEN', params: { row: 3 }, rows: [1, 2] })).toBe('Row 3 is the header, as chosen; rows 1–2 above it are skipped.');
    expect(wordReadWarning('ru', { code: 'HEADER_ROW_CHOSEN', params: { row: 3 }, rows: [1, 2] })).toBe('Заголовок — строка 3, как выбрано; строки 1–2 над ним пропущены.');
    expect(wordReadWarning('ru', { code: 'HEADER_ROW_CHOSEN', params: { row: 2 }, rows: [1] })).toBe('Заголовок — строка 2, как выбрано; строка 1 над ним пропущена.');
    expect(wordReadWarning('en', { code: 'HEADER_ROW_CHOSEN', params: { row: 1 } })).toBe('Row 1 is the header, as chosen.');
  });

  it('a joined two-row header, merged cells, a guessed encoding, truncated rows', () => {
    const joined: ReadWarning = { code: 'HEADER_ROWS_JOINED', params: { groupRow: 2, headerRow: 3 }, rows: [2, 3] };
    expect(wordReadWarning('en', joined)).toMatch(/^Rows 2 and 3 form one header/);
    expect(wordReadWarning('ru', joined)).toBe('Строки 2 и 3 — один заголовок: названия групп из строки 2 соединены с заголовками под ними («Группа / Заголовок»).');
    const merged: ReadWarning = { code: 'MERGED_CELLS_FILLED', params: { sheet: 'Лист1' } };
    expect(wordReadWarning('en', merged)).toBe('Merged cells in “Лист1” were filled down: each row of a merged block gets the block\'s value.');
    expect(wordReadWarning('ru', merged)).toMatch(/^Объединённые ячейки на листе «Лист1» разнесены по строкам/);
    const encoding: ReadWarning = { code: 'ENCODING_GUESSED', params: { file: 'закупки.csv', encoding: 'windows-1251' } };
    expect(wordReadWarning('en', encoding)).toBe('“закупки.csv” has no byte-order mark and is not UTF-8; it was read as windows-1251. If letters look wrong, save it as “CSV UTF-8” and drop it again.');
    expect(wordReadWarning('ru', encoding)).toBe('В «закупки.csv» нет метки кодировки, и это не UTF-8; файл прочитан как windows-1251. Если буквы выглядят неверно, сохраните его как «CSV UTF-8» и перетащите снова.');
    const truncated: ReadWarning = { code: 'ROWS_TRUNCATED', params: { sheet: 'Data', declared: 1_048_576, read: 1_000_000 } };
    expect(wordReadWarning('en', truncated)).toBe('“Data” declares 1048576 rows; only the first 1000000 were read.');
    expect(wordReadWarning('ru', truncated)).toBe('На листе «Data» объявлено строк: 1\u00a0048\u00a0576; прочитаны только первые 1\u00a0000\u00a0000.');
  });
});
