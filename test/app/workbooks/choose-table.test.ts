/**
 * The person's own header row and skipped rows, over what the reader found:
 * real xlsx and csv files with a title above the table and a totals row below it.
 */
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../../shared/sheet/spreadsheet/read-workbook';
import { createWorkbookSessions } from '../../../shared/app/workbooks/workbook-sessions';
import { control, xlsxBytes } from '../../sheet/spreadsheet/helpers';

// Row 1: a report title; row 2 blank; row 3: the header; rows 4–7: tasks; row 8: totals (a SUM formula and "Итого").
async function reportXlsx(): Promise<Uint8Array> {
  return xlsxBytes((workbook) => {
    const sheet = workbook.addWorksheet('Задачи');
    sheet.addRow(['Отчёт по задачам за март']);
    sheet.addRow([]);
    sheet.addRow(['Задача', 'Статус', 'Часы']);
    sheet.addRow(['Позвонить клиенту', 'Новая', 2]);
    sheet.addRow(['Отправить КП', 'В работе', 3]);
    sheet.addRow(['Заказать детали', 'Новая', 4]);
    sheet.addRow(['Согласовать договор', 'Готово', 1]);
    sheet.addRow(['Итого', '', { formula: 'SUM(C4:C7)', result: 10 }]);
    workbook.addWorksheet('Справочник').addRow(['Статус']);
  });
}

async function opened(bytes: Uint8Array, fileName: string) {
  const sessions = createWorkbookSessions();
  const summary = sessions.add(await readWorkbook(bytes, fileName, control), bytes.length, `/tmp/${fileName}`);
  return { sessions, workbookId: summary.workbookId, summary };
}

describe('choosing the table of a sheet', () => {
  it('shows what the reader found: the title row above the header, the totals row skipped', async () => {
    const { sessions, workbookId, summary } = await opened(await reportXlsx(), 'report.xlsx');
    expect(summary.sheets[0]).toMatchObject({ name: 'Задачи', headerRow: 3, rowCount: 4 });
    const layout = sessions.layout(workbookId, 'Задачи');
    expect(layout).toMatchObject({ headerRow: 3, skippedRows: [8], chosen: false });
    expect(layout.top.map((row) => [row.rowNumber, row.role])).toEqual([
      [1, 'title'],
      [3, 'header'],
      [4, 'data'],
      [5, 'data'],
      [6, 'data'],
      [7, 'data'],
      [8, 'skipped'],
    ]);
    expect(layout.top[0]!.cells[0]).toBe('Отчёт по задачам за март');
    expect(layout.top[6]!.cells).toEqual(['Итого', '', '10']);
  });

  it('imports the totals row when the person keeps it, and skips a row the person marks', async () => {
    const { sessions, workbookId } = await opened(await reportXlsx(), 'report.xlsx');
    const kept = sessions.chooseTable(workbookId, 'Задачи', { headerRow: 3, skippedRows: [] });
    expect(kept.rowCount).toBe(5);
    expect(sessions.table(workbookId, 'Задачи').rowNumbers).toEqual([4, 5, 6, 7, 8]);
    const skipped = sessions.chooseTable(workbookId, 'Задачи', { headerRow: 3, skippedRows: [5, 8] });
    expect(skipped.rowCount).toBe(3);
    expect(sessions.table(workbookId, 'Задачи').rowNumbers).toEqual([4, 6, 7]);
    expect(sessions.rows(workbookId, 'Задачи', 0, 10).rows.map((row) => row.cells[0])).toEqual(['Позвонить клиенту', 'Заказать детали', 'Согласовать договор']);
    expect(sessions.layout(workbookId, 'Задачи')).toMatchObject({ headerRow: 3, skippedRows: [5, 8], chosen: true });
  });

  it('takes another header row, infers the schema again, and goes back to what the reader found', async () => {
    const { sessions, workbookId } = await opened(await reportXlsx(), 'report.xlsx');
    const before = await sessions.schema(workbookId, 'Задачи');
    expect(before.columns.map((column) => column.header)).toEqual(['Задача', 'Статус', 'Часы']);
    // The title row as the header: the real header becomes a data row.
    const chosen = sessions.chooseTable(workbookId, 'Задачи', { headerRow: 1, skippedRows: [8] });
    expect(chosen.headerRow).toBe(1);
    expect(chosen.headers[0]).toBe('Отчёт по задачам за март');
    expect(chosen.rowCount).toBe(5);
    const after = await sessions.schema(workbookId, 'Задачи');
    expect(after.columns[0]!.header).toBe('Отчёт по задачам за март');
    const back = sessions.chooseTable(workbookId, 'Задачи', null);
    expect(back).toMatchObject({ headerRow: 3, headers: ['Задача', 'Статус', 'Часы'], rowCount: 4 });
    expect(sessions.layout(workbookId, 'Задачи').chosen).toBe(false);
  });

  it('relocates a csv whose header is below two title lines, keeping source row numbers', async () => {
    const csv = ['Выгрузка CRM', 'на 01.03.2026', 'Клиент;Менеджер;Сумма', 'ООО Ромашка;Иванов;1200', 'ИП Петров;Сидоров;800', ';;', 'АО Вектор;Иванов;500', 'Всего;;2500'].join('\r\n');
    const { sessions, workbookId, summary } = await opened(new TextEncoder().encode(csv), 'crm.csv');
    const sheet = summary.sheets[0]!;
    expect(sheet).toMatchObject({ headerRow: 3, rowCount: 3 });
    // Row 4 is a header the reader could not know about: its values are taken as column names.
    const chosen = sessions.chooseTable(workbookId, sheet.name, { headerRow: 4, skippedRows: [] });
    expect(chosen.headers).toEqual(['ООО Ромашка', 'Иванов', '1200']);
    expect(sessions.table(workbookId, sheet.name).rowNumbers).toEqual([5, 7, 8]);
  });

  it('shows a long sheet as its first rows and its last ones, the totals line among the last', async () => {
    const lines = ['Номер;Задача', ...Array.from({ length: 40 }, (_, i) => `${i + 1};Задача ${i + 1}`), 'Итого;40'];
    const { sessions, workbookId, summary } = await opened(new TextEncoder().encode(lines.join('\n')), 'long.csv');
    const layout = sessions.layout(workbookId, summary.sheets[0]!.name);
    expect(layout.top.map((row) => row.rowNumber)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(layout.bottom.map((row) => [row.rowNumber, row.role])).toEqual([
      [37, 'data'],
      [38, 'data'],
      [39, 'data'],
      [40, 'data'],
      [41, 'data'],
      [42, 'skipped'],
    ]);
    expect(layout.hiddenRows).toBe(5);
  });

  it('a two-row header: the group row shows as part of the header, and skipping a data row keeps the join; another header row drops it', async () => {
    // Row 1: a title merged across; row 2: group names merged over their columns; row 3: the headers; rows 4–7: purchases.
    const bytes = await xlsxBytes((workbook) => {
      const sheet = workbook.addWorksheet('Закупки');
      sheet.addRow(['Журнал закупок, 2026 г.']);
      sheet.mergeCells('A1:G1');
      sheet.addRow(['Заявка', '', '', 'Поставка', '', 'Исполнение', '']);
      sheet.mergeCells('A2:C2');
      sheet.mergeCells('D2:E2');
      sheet.mergeCells('F2:G2');
      sheet.addRow(['№ п/п', 'Дата заявки', 'Наименование', 'Поставщик', 'Кол-во', 'Статус', 'Ответственный']);
      sheet.addRow([1, '05.01.2026', 'Картриджи HP 85A', 'ООО «Ромашка»', 4, 'Новая', 'Петров И.А.']);
      sheet.addRow([2, '07.01.2026', 'Бумага А4', 'АО «Вектор»', 20, 'Заказано', 'Иванова М.О.']);
      sheet.addRow([3, '09.01.2026', 'Кресло офисное', 'ООО «Ромашка»', 1, 'Новая', 'Петров И.А.']);
      sheet.addRow([4, '11.01.2026', 'МФУ Kyocera', 'ИП Кузнецов', 1, 'Доставлено', 'Кузнецов А.В.']);
    });
    const { sessions, workbookId, summary } = await opened(bytes, 'purchases.xlsx');
    const found = ['Заявка / № п/п', 'Заявка / Дата заявки', 'Заявка / Наименование', 'Поставка / Поставщик', 'Поставка / Кол-во', 'Исполнение / Статус', 'Исполнение / Ответственный'];
    expect(summary.sheets[0]).toMatchObject({ headerRow: 3, rowCount: 4, headers: found });
    const layout = sessions.layout(workbookId, 'Закупки');
    expect(layout).toMatchObject({ headerRow: 3, groupRow: 2, skippedRows: [] });
    expect(layout.top.slice(0, 3).map((row) => [row.rowNumber, row.role])).toEqual([
      [1, 'title'],
      [2, 'group'],
      [3, 'header'],
    ]);

    // Unticking row 5 only, as the picker sends it: the header row and its group row stay.
    const skipped = sessions.chooseTable(workbookId, 'Закупки', { headerRow: 3, skippedRows: [5], groupRow: 2 });
    expect(skipped).toMatchObject({ headerRow: 3, rowCount: 3, headers: found });
    expect(sessions.choiceOf(workbookId, 'Закупки')).toEqual({ headerRow: 3, skippedRows: [5], groupRow: 2 });
    expect(sessions.layout(workbookId, 'Закупки')).toMatchObject({ chosen: true, groupRow: 2, skippedRows: [5] });

    // The group row itself chosen as the header: one row, nothing joined.
    const other = sessions.chooseTable(workbookId, 'Закупки', { headerRow: 2, skippedRows: [3] });
    expect(other.headers[0]).toBe('Заявка');
    expect(sessions.layout(workbookId, 'Закупки').groupRow).toBeUndefined();
    // As found again: joined again.
    expect(sessions.chooseTable(workbookId, 'Закупки', null).headers).toEqual(found);
  });
});
