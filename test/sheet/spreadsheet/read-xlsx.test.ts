import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/base/errors/errors';
import { inferSchema } from '../../../shared/sheet/inference/infer-schema';
import { readWorkbook } from '../../../shared/sheet/spreadsheet/read-workbook';
import { cellText } from '../../../shared/sheet/spreadsheet/cell-text';
import { readWarningText } from '../../../shared/sheet/spreadsheet/read-warning-wording';
import type ExcelJS from 'exceljs';
import { addListValidation, control, roundTrip, xlsxBytes } from './helpers';

describe('readWorkbook on xlsx', () => {
  it('never splits a Cyrillic letter between the chunks the streaming reader decodes (shared strings, formula results, inline text)', async () => {
    // Every few thousand bytes a chunk of a zip entry ends; a two-byte letter cut there used to become "��".
    const workbook = await roundTrip((wb) => {
      const sheet = wb.addWorksheet('Заявки');
      sheet.addRow(['Номер', 'Статус', 'Приоритет', 'Комментарий']);
      for (let i = 0; i < 6000; i++) {
        const row = sheet.addRow([i + 1, ['Новая', 'В работе', 'Согласование'][i % 3], null, `Комментарий к заявке №${i} — проверено`]);
        row.getCell(3).value = { formula: `IF(A${i + 2}>5,"Высокий","Обычный")`, result: i % 7 === 0 ? 'Высокий' : 'Обычный' } as ExcelJS.CellFormulaValue;
      }
    });
    const rows = workbook.sheets[0]!.rows;
    expect(rows).toHaveLength(6000);
    const garbled = rows.flatMap((row, i) => row.filter((cell) => cellText(cell).includes('\uFFFD')).map((cell) => `row ${i + 2}: ${cellText(cell)}`));
    expect(garbled).toEqual([]);
    expect(new Set(rows.map((row) => cellText(row[2] ?? null)))).toEqual(new Set(['Высокий', 'Обычный']));
  });

  it('lists every sheet in workbook order, even empty ones', async () => {
    const workbook = await roundTrip((wb) => {
      wb.addWorksheet('Данные').addRow(['A', 'B']);
      wb.addWorksheet('Пусто');
      wb.addWorksheet('Справочник').addRow(['x']);
    });
    expect(workbook.format).toBe('xlsx');
    expect(workbook.sheets.map((s) => s.name)).toEqual(['Данные', 'Пусто', 'Справочник']);
    expect(workbook.sheets[1]!.headerRow).toBe(0);
  });

  for (const date1904 of [false, true]) {
    for (const tz of ['America/Los_Angeles', 'Asia/Tokyo', 'UTC']) {
      it(`keeps wall-clock dates in the ${date1904 ? '1904' : '1900'} date system whatever the time zone (${tz})`, async () => {
        const previous = process.env.TZ;
        process.env.TZ = tz;
        try {
          const workbook = await roundTrip((wb) => {
            wb.properties.date1904 = date1904;
            const sheet = wb.addWorksheet('S');
            sheet.addRow(['Дата', 'Время']);
            sheet.addRow([new Date(Date.UTC(2024, 2, 31)), new Date(Date.UTC(2024, 0, 1, 23, 30, 5))]);
            sheet.addRow([new Date(Date.UTC(1999, 11, 31)), new Date(Date.UTC(2024, 1, 29, 0, 15))]);
            sheet.getColumn(1).numFmt = 'dd.mm.yyyy';
            sheet.getColumn(2).numFmt = 'dd.mm.yyyy hh:mm:ss';
          });
          expect(workbook.date1904).toBe(date1904);
          const rows = workbook.sheets[0]!.rows;
          expect(rows[0]![0]).toMatchObject({ kind: 'date', value: '2024-03-31' });
          expect(rows[0]![1]).toMatchObject({ kind: 'datetime', value: '2024-01-01T23:30:05' });
          expect(rows[1]![0]).toMatchObject({ kind: 'date', value: '1999-12-31' });
          expect(rows[1]![1]).toMatchObject({ kind: 'datetime', value: '2024-02-29T00:15:00' });
        } finally {
          process.env.TZ = previous;
        }
      });
    }
  }

  it('keeps number formats as a type signal and does not take units or durations for dates', async () => {
    const workbook = await roundTrip((wb) => {
      const sheet = wb.addWorksheet('S');
      sheet.addRow(['Сумма', 'Доля', 'Код', 'Площадь', 'Длительность']);
      sheet.addRow([1234.5, 0.25, '00123', 56, 1.5]);
      sheet.getCell('A2').numFmt = '#,##0.00 "₽"';
      sheet.getCell('B2').numFmt = '0%';
      sheet.getCell('C2').numFmt = '@';
      sheet.getCell('D2').numFmt = '#,##0\\ \\m\\²';
      sheet.getCell('E2').numFmt = '[h]:mm:ss';
    });
    const [money, percent, code, area, duration] = workbook.sheets[0]!.rows[0]!;
    expect(money).toMatchObject({ kind: 'number', value: 1234.5, numFmt: '#,##0.00 "₽"' });
    expect(percent).toMatchObject({ kind: 'number', value: 0.25 });
    expect(code).toMatchObject({ kind: 'text', value: '00123' });
    expect(area).toMatchObject({ kind: 'number', value: 56 });
    expect(duration).toMatchObject({ kind: 'number', value: 1.5 });
  });

  it('skips a merged title row, fills a value merged down a block into every row, and reports it', async () => {
    const workbook = await roundTrip((wb) => {
      const sheet = wb.addWorksheet('S');
      sheet.getCell('A1').value = 'Отчёт по заявкам';
      sheet.mergeCells('A1:C1');
      sheet.getRow(2).values = ['Отдел', 'Задача', 'Часы'];
      sheet.getRow(3).values = ['Продажи', 'Звонок', 1];
      sheet.getRow(4).values = [null, 'Встреча', 2];
      sheet.getRow(5).values = [null, 'Отчёт', 3];
      sheet.getRow(6).values = ['ИТ', 'Сервер', 4];
      sheet.mergeCells('A3:A5');
    });
    const table = workbook.sheets[0]!;
    expect(table.headerRow).toBe(2);
    expect(table.headers).toEqual(['Отдел', 'Задача', 'Часы']);
    expect(table.rows.map((row) => row[0])).toEqual(['Продажи', 'Продажи', 'Продажи', 'ИТ']);
    expect(table.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['TITLE_ROWS_SKIPPED', 'MERGED_CELLS_FILLED']));
  });

  it('reads cached formula results, flattens rich text, keeps hyperlink text and target', async () => {
    const workbook = await roundTrip((wb) => {
      const sheet = wb.addWorksheet('S');
      sheet.addRow(['Название', 'Ссылка', 'Итог', 'Без результата']);
      sheet.addRow([{ richText: [{ text: 'Жирная', font: { bold: true } }, { text: ' часть' }] }, { text: 'Карточка', hyperlink: 'https://example.com/1' }, { formula: '2*3', result: 6 }, { formula: 'A1&B1' }]);
    });
    const [title, link, formula, noResult] = workbook.sheets[0]!.rows[0]!;
    expect(title).toBe('Жирная часть');
    expect(link).toMatchObject({ kind: 'hyperlink', value: 'Карточка', hyperlink: 'https://example.com/1' });
    expect(formula).toMatchObject({ kind: 'formula', value: 6, formula: '2*3' });
    expect(noResult).toMatchObject({ kind: 'formula', value: null });
    const schema = inferSchema(workbook.sheets[0]!);
    expect(schema.warnings.map((w) => w.code)).toContain('FORMULA_WITHOUT_RESULT');
  });

  it('reads a cached formula result of 0 as the value 0, not as a formula without a result', async () => {
    const workbook = await roundTrip((wb) => {
      const sheet = wb.addWorksheet('S');
      sheet.addRow(['Сумма', 'Оплачено', 'Остаток']);
      sheet.addRow([100, 100, { formula: 'A2-B2', result: 0 }]);
      sheet.addRow([100, 40, { formula: 'A3-B3', result: 60 }]);
    });
    const rows = workbook.sheets[0]!.rows;
    expect(rows[0]![2]).toMatchObject({ kind: 'formula', value: 0 });
    expect(rows[1]![2]).toMatchObject({ kind: 'formula', value: 60 });
    expect(inferSchema(workbook.sheets[0]!).warnings.map((w) => w.code)).not.toContain('FORMULA_WITHOUT_RESULT');
  });

  it('excludes a totals row (a word or a SUM formula), drops blank rows and columns, names empty and duplicate headers', async () => {
    const workbook = await roundTrip((wb) => {
      const sheet = wb.addWorksheet('S');
      sheet.getRow(1).values = ['Имя', 'Сумма', null, 'Сумма', null, 'Статус', 'Примечание'];
      sheet.getRow(2).values = ['a', 'один', null, 'два', 'x', 'Новая', 'текст'];
      sheet.getRow(4).values = ['b', 2, null, 3, 'y'];
      sheet.getRow(5).values = ['Итого:', { formula: 'SUM(B2:B4)', result: 3 }, null, 5];
    });
    const table = workbook.sheets[0]!;
    // Row 2 is all text and distinct, but the header with a repeated name comes first.
    expect(table.headerRow).toBe(1);
    expect(table.headers).toEqual(['Имя', 'Сумма', 'Сумма (2)', 'Column E', 'Статус', 'Примечание']);
    expect(table.columnNumbers).toEqual([1, 2, 4, 5, 6, 7]);
    expect(table.rowNumbers).toEqual([2, 4]);
    expect(table.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['TOTALS_ROW_EXCLUDED', 'BLANK_ROWS_DROPPED', 'BLANK_COLUMNS_DROPPED', 'HEADER_RENAMED']));
    const renamed = table.warnings.find((w) => w.code === 'HEADER_RENAMED' && w.column === 'Column E');
    expect(renamed && readWarningText(renamed)).toMatch(/Column E has data but no header/);
    // The blank column is named by its letter, the only name it has.
    const dropped = table.warnings.find((w) => w.code === 'BLANK_COLUMNS_DROPPED');
    expect(dropped?.code === 'BLANK_COLUMNS_DROPPED' && dropped.params.columns).toEqual(['C']);
  });

  it('reads data-validation lists: inline, from another sheet, and through a defined name', async () => {
    const workbook = await roundTrip((wb) => {
      const sheet = wb.addWorksheet('Заявки');
      const lists = wb.addWorksheet('Списки');
      ['Новая', 'В работе', 'Готово'].forEach((v, i) => (lists.getCell(i + 1, 1).value = v));
      ['Низкий', 'Высокий'].forEach((v, i) => (lists.getCell(i + 1, 2).value = v));
      wb.definedNames.add("'Списки'!$B$1:$B$2", 'Priorities');
      sheet.addRow(['Тип', 'Статус', 'Приоритет']);
      sheet.addRow(['a', 'Новая', 'Низкий']);
      addListValidation(sheet, 'A2:A50', '"a,b,c"');
      addListValidation(sheet, 'B2:B50', "'Списки'!$A$1:$A$3");
      addListValidation(sheet, 'C2:C50', 'Priorities');
    });
    expect(workbook.sheets[0]!.validations).toEqual([
      { column: 0, values: ['a', 'b', 'c'] },
      { column: 1, values: ['Новая', 'В работе', 'Готово'] },
      { column: 2, values: ['Низкий', 'Высокий'] },
    ]);
  });

  it('reads a few thousand rows through the streaming reader with rows in source order', async () => {
    const workbook = await roundTrip((wb) => {
      const sheet = wb.addWorksheet('S');
      sheet.addRow(['№', 'Значение']);
      for (let i = 1; i <= 3000; i++) sheet.addRow([i, `v${i}`]);
    });
    const table = workbook.sheets[0]!;
    expect(table.rows).toHaveLength(3000);
    expect(table.rows[2999]).toEqual([3000, 'v3000']);
    expect(table.rowNumbers[0]).toBe(2);
  });

  it('finds merges, links and lists after a large <sheetData> (the light pass streams past it)', async () => {
    const workbook = await roundTrip((wb) => {
      const sheet = wb.addWorksheet('S');
      sheet.addRow(['Группа', 'Статус', 'Ссылка', 'Текст']);
      for (let i = 0; i < 6000; i++) sheet.addRow([i < 3 ? 'A' : `g${i}`, 'Новая', null, `строка ${i} ${'x'.repeat(i % 50)}`]);
      sheet.mergeCells('A2:A4');
      sheet.getCell('C6001').value = { text: 'последняя', hyperlink: 'https://example.com/last' };
      addListValidation(sheet, 'B2:B7000', '"Новая,Готово"');
    });
    const table = workbook.sheets[0]!;
    expect(table.rows.slice(0, 3).map((row) => row[0])).toEqual(['A', 'A', 'A']);
    expect(table.rows[5999]![2]).toMatchObject({ kind: 'hyperlink', value: 'последняя', hyperlink: 'https://example.com/last' });
    expect(table.validations).toEqual([{ column: 1, values: ['Новая', 'Готово'] }]);
  });

  it('honours cancellation before and during the read', async () => {
    const bytes = await xlsxBytes((wb) => {
      const sheet = wb.addWorksheet('S');
      for (let i = 0; i < 5000; i++) sheet.addRow([i, `row ${i}`]);
    });
    const before = new AbortController();
    before.abort();
    await expect(readWorkbook(bytes, 'x.xlsx', { signal: before.signal, onProgress: () => undefined })).rejects.toMatchObject({ name: 'AbortError' });
    const during = new AbortController();
    const progress: number[] = [];
    const read = readWorkbook(bytes, 'x.xlsx', {
      signal: during.signal,
      onProgress: (p) => {
        progress.push(p.done);
        if (progress.length === 2) during.abort();
      },
    });
    await expect(read).rejects.toMatchObject({ name: 'AbortError' });
  });

  describe('bad input', () => {
    const cases: [string, Uint8Array, string, RegExp][] = [
      ['an empty file', new Uint8Array(), 'FILE_EMPTY', /empty/],
      ['a password-protected workbook', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), 'FILE_ENCRYPTED', /password/],
      ['a text file named .xlsx', new TextEncoder().encode('a,b\n1,2\n'), 'FILE_CORRUPT', /not an xlsx/],
      ['binary data named .csv', new Uint8Array(Array.from({ length: 512 }, (_, i) => (i * 37) % 9)), 'FILE_NOT_SPREADSHEET', /binary/],
      ['a JSON document', new TextEncoder().encode('{"a": [1, 2, 3]}'), 'FILE_NOT_SPREADSHEET', /JSON/],
    ];
    for (const [what, bytes, code, message] of cases) {
      it(`rejects ${what} with ${code}`, async () => {
        const name = code === 'FILE_CORRUPT' ? 'data.xlsx' : code === 'FILE_ENCRYPTED' ? 'secret.xlsx' : 'data.csv';
        const error = await readWorkbook(bytes, name, control).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AppError);
        expect(error).toMatchObject({ code, where: { file: name } });
        expect((error as AppError).message).toMatch(message);
        expect((error as AppError).hint).toBeTruthy();
      });
    }

    it('rejects a truncated workbook as FILE_CORRUPT and a cut legacy .xls as FILE_CORRUPT too (it is read, not refused)', async () => {
      const bytes = await xlsxBytes((wb) => wb.addWorksheet('S').addRow(['a', 'b']));
      await expect(readWorkbook(bytes.subarray(0, Math.floor(bytes.length / 2)), 'half.xlsx', control)).rejects.toMatchObject({ code: 'FILE_CORRUPT' });
      await expect(readWorkbook(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'old.xls', control)).rejects.toMatchObject({ code: 'FILE_CORRUPT', where: { file: 'old.xls' } });
    });
  });
});
