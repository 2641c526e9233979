import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { inferSchema } from '../../../shared/sheet/inference/infer-schema';
import { readWorkbook } from '../../../shared/sheet/spreadsheet/read-workbook';
import { encryptedXlsxBytes } from './foreign-files';
import { control } from './helpers';

/** A 1C-style export: title rows, a merged title, a header, amounts as numbers and as text with spaces, a totals row. */
function oneCStyle(bookType: XLSX.BookType): Uint8Array {
  const rows: unknown[][] = [
    ['Реестр заказов покупателей'],
    ['Период: 01.01.2024 - 31.01.2024'],
    [],
    ['Номер', 'Дата', 'Контрагент', 'Сумма', 'Статус', 'Сайт'],
    ['00-000001', { t: 'n', v: 45300, z: 'dd.mm.yyyy' }, 'ООО «Ромашка»', 12500.5, 'Новый', 'https://romashka.example'],
    ['00-000002', { t: 'n', v: 45301, z: 'dd.mm.yyyy' }, 'АО «Вектор»', '1 250 000,00', 'Выполнен', 'https://vector.example'],
    ['00-000003', { t: 'n', v: 45302, z: 'dd.mm.yyyy' }, 'ИП Котов', 830, 'Новый', ''],
    ['Итого', null, null, 1263330.5, null, null],
  ];
  const sheet = XLSX.utils.aoa_to_sheet(rows);
  sheet['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 5 } }];
  for (let r = 4; r <= 7; r++) {
    const cell = sheet[XLSX.utils.encode_cell({ r, c: 3 })];
    if (cell?.t === 'n') cell.z = '#,##0.00';
  }
  sheet['F5']!.l = { Target: 'https://romashka.example' };
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'Заказы');
  return XLSX.write(book, { type: 'buffer', bookType, compression: true }) as Uint8Array;
}

describe('readWorkbook on .xls, .xlsb and .ods', () => {
  for (const [ext, bookType] of [['xls', 'biff8'], ['xlsb', 'xlsb'], ['ods', 'ods']] as const) {
    it(`finds the table of a 1C-style export under its title rows (${bookType})`, async () => {
      const workbook = await readWorkbook(oneCStyle(bookType), `Реестр.${ext}`, control);
      expect(workbook.format).toBe(ext);
      const table = workbook.sheets[0]!;
      expect(table.name).toBe('Заказы');
      expect(table.headerRow).toBe(4);
      expect(table.headers).toEqual(['Номер', 'Дата', 'Контрагент', 'Сумма', 'Статус', 'Сайт']);
      expect(table.rowNumbers).toEqual([5, 6, 7]);
      expect(table.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['TITLE_ROWS_SKIPPED', 'TOTALS_ROW_EXCLUDED']));
      expect(table.rows[0]![1]).toMatchObject({ kind: 'date', value: '2024-01-09' });
      const schema = inferSchema(table);
      const byHeader = new Map(schema.columns.map((c) => [c.header, c]));
      expect(byHeader.get('Дата')!.type).toBe('date');
      // Amounts saved as text with spaces ("1 250 000,00") type the same as in the .xlsx twin.
      const twin = (await readWorkbook(oneCStyle('xlsx'), 'Реестр.xlsx', control)).sheets[0]!;
      expect(byHeader.get('Сумма')!.type).toBe(inferSchema(twin).columns.find((c) => c.header === 'Сумма')!.type);
      expect(byHeader.get('Статус')!.type).toBe('enumeration');
    });
  }

  it('reads a BIFF5 (Excel 5/95) workbook', async () => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Order', 'Amount', 'Status'], ['A-1', 10, 'New'], ['A-2', 20.5, 'Done']]), 'Orders');
    const table = (await readWorkbook(XLSX.write(book, { type: 'buffer', bookType: 'biff5' }) as Uint8Array, 'old95.xls', control)).sheets[0]!;
    expect(table.headers).toEqual(['Order', 'Amount', 'Status']);
    expect(table.rows).toEqual([['A-1', 10, 'New'], ['A-2', 20.5, 'Done']]);
  });

  it('keeps a hyperlink target and a number format from an .xls', async () => {
    const row = (await readWorkbook(oneCStyle('biff8'), 'links.xls', control)).sheets[0]!.rows[0]!;
    expect(row[3]).toMatchObject({ kind: 'number', value: 12500.5, numFmt: '#,##0.00' });
    expect(row[5]).toMatchObject({ kind: 'hyperlink', hyperlink: 'https://romashka.example' });
  });

  it('still refuses a password-protected workbook clearly, even named .xls', async () => {
    const error = await readWorkbook(encryptedXlsxBytes(), 'secret.xls', control).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FILE_ENCRYPTED' });
  });

  it('reports a damaged .xls as corrupt with the file name', async () => {
    const bytes = oneCStyle('biff8');
    const error = await readWorkbook(bytes.subarray(0, 700), 'cut.xls', control).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FILE_CORRUPT', where: { file: 'cut.xls' } });
  });
});
