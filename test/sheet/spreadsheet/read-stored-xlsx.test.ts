/**
 * An xlsx whose parts are stored, not deflated (SheetJS writes that by
 * default, so many web apps' "Export to Excel" buttons produce it), reads
 * exactly like the same workbook deflated.
 */
import * as XLSX from '@e965/xlsx';
import { expect, it } from 'vitest';
import { readWorkbook } from '../../../shared/sheet/spreadsheet/read-workbook';
import { control } from './helpers';

function workbookBytes(compression: boolean): Uint8Array {
  const rows: unknown[][] = [
    ['Заявки на закупку'],
    [],
    ['№', 'Позиция', 'Сумма', 'Статус', 'Нужно к'],
    ['З-1', 'Ноутбук', 85000, 'Новая', { t: 'n', v: 46100, z: 'dd.mm.yyyy' }],
    ['З-2', 'Монитор «Дельта»', 21990.5, 'Согласована', { t: 'n', v: 46110, z: 'dd.mm.yyyy' }],
    ['З-3', 'Кресло', 12000, 'Отклонена', null],
  ];
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'Заявки');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression }) as Uint8Array;
}

it('reads an xlsx with stored (uncompressed) parts the same as its deflated twin', async () => {
  const stored = workbookBytes(false);
  const deflated = workbookBytes(true);
  // The two really differ in how their parts are packed.
  expect(stored.length).toBeGreaterThan(deflated.length);
  const storedTable = (await readWorkbook(stored, 'Заявки.xlsx', control)).sheets[0]!;
  const deflatedTable = (await readWorkbook(deflated, 'Заявки.xlsx', control)).sheets[0]!;
  expect(storedTable.headers).toEqual(['№', 'Позиция', 'Сумма', 'Статус', 'Нужно к']);
  expect(storedTable.rows).toHaveLength(3);
  expect(storedTable.rows[1]![1]).toBe('Монитор «Дельта»');
  expect(storedTable.rows[0]![4]).toMatchObject({ kind: 'date' });
  expect({ headers: storedTable.headers, rows: storedTable.rows, headerRow: storedTable.headerRow }).toEqual({ headers: deflatedTable.headers, rows: deflatedTable.rows, headerRow: deflatedTable.headerRow });
});
