/**
 * A column whose type the person sets in Fields is read as that type: every
 * cell that cannot be sent as it (a "№" of 1, 2, 3 set to E-mail) is counted
 * per column and fails its row, in the check, the preview and the plan alike.
 * The expected counts were written from the sheets below before the first run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSheet } from '../../../shared/runs/migrate/load-sheet';
import type { ColumnType } from '../../../shared/sheet/inference/types';
import { applyMappingOverride } from '../../../shared/sheet/mapping/apply-mapping-override';
import { suggestMapping } from '../../../shared/sheet/mapping/suggest-mapping';
import { USER_TYPE_FOR_COLUMN, type Mapping } from '../../../shared/sheet/mapping/types';
import { prepareRows, type ColumnFit } from '../../../shared/sheet/plan/prepare-rows';
import { indexPreview, previewRows } from '../../../shared/sheet/review/preview-rows';
import { mappingToOverride } from '../../../shared/sheet/review/mapping-to-override';
import type { SheetTable } from '../../../shared/sheet/spreadsheet/types';

let dir: string;
const signal = new AbortController().signal;

const HEADERS = ['№', 'Задача', 'Почта', 'Телефон', 'Сайт', 'Срок', 'Оплачено'];
const ROWS = [
  ['1', 'Позвонить', 'ann@example.com', '+7 (495) 123-45-67', 'https://example.com/a', '05.03.2025', 'да'],
  ['2', 'Отправить', 'bob@example', '8 495 123 45 67', 'example.com', '06.03.2025', 'нет'],
  ['3', 'Заказать', '—', '123-45', 'www.example.org/x?y=1', 'завтра', 'да'],
  ['4', 'Проверить', 'cat@example.ru', '+1 555 0100', 'not a link', '07.03.2025', 'может быть'],
  ['5', 'Согласовать', 'dan@example.ru, eve@example.ru', '84951234567', 'ftp://files.example.com', '31.02.2025', 'нет'],
  ['6', 'Оплатить', 'fay@example.ru', 'доб. 12', 'http://пример.рф', '08.03.2025', 'да'],
  ['7', 'Закрыть', '', '', '', '', ''],
  ['8', 'Отчитаться', 'gus@example.ru', '+7 912 000-00-00', 'example', '09.03.2025', 'нет'],
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-typed-targets-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function read(path: string): Promise<{ table: SheetTable; mapping: Mapping }> {
  const { table, schema } = await loadSheet(path, undefined, signal, true);
  return { table, mapping: suggestMapping(schema, table, { users: [], title: 'Задачи' }).mapping };
}

/** What the Fields tab's type choice does: the column is read as `type` and goes to a new field of the matching kind. */
function withType(mapping: Mapping, header: string, type: ColumnType): Mapping {
  return {
    ...mapping,
    columns: mapping.columns.map((column) => {
      if (column.header !== header) return column;
      const base = column.target.kind === 'custom' ? column.target : { kind: 'custom' as const, suffix: 'NO', multiple: false, label: header };
      return { ...column, type, target: { ...base, userTypeId: USER_TYPE_FOR_COLUMN[type] } };
    }),
  };
}

const fitOf = (mapping: Mapping, table: SheetTable, header: string): ColumnFit => prepareRows(table, mapping).columnFits.find((fit) => fit.column === header)!;

describe('a csv whose columns are set to typed fields', () => {
  let table: SheetTable;
  let base: Mapping;
  beforeAll(async () => {
    const path = join(dir, 'tasks.csv');
    await writeFile(path, [HEADERS, ...ROWS].map((row) => row.map((cell) => (/[;"]/.test(cell) ? `"${cell}"` : cell)).join(';')).join('\r\n') + '\r\n');
    ({ table, mapping: base } = await read(path));
    // The numbers are a key: the check keys rows by the task, so "№" can be sent to any field.
    base = { ...base, key: { kind: 'column', columns: ['Задача'] } };
  });

  it.each<[ColumnType, number, number]>([
    // type, cells that cannot be sent, person values matching no user
    ['email', 8, 0],
    ['phone', 8, 0],
    ['url', 8, 0],
    ['integer', 0, 0],
    ['double', 0, 0],
    ['money', 0, 0],
    ['date', 8, 0],
    ['datetime', 8, 0],
    ['boolean', 7, 0], // “1” is yes; 2 … 8 are neither yes nor no
    ['enumeration', 8, 0], // a list made by hand has no items until the Lists tab gives it some
    ['employee', 0, 8], // a person nobody matches is sent as the default person, not refused
    ['string', 0, 0],
    ['text', 0, 0],
  ])('“№” (1 … 8) set to %s: %i of 8 values cannot be sent, %i match no user', (type, unfit, unmatched) => {
    const mapping = withType(base, '№', type);
    const fit = fitOf(mapping, table, '№');
    expect(fit).toMatchObject({ filled: 8, unfit, unmatched });
    const prepared = prepareRows(table, mapping);
    // Rows that cannot be sent are those with a bad "№" (the other columns are as inferred: text, which fits anything).
    expect(prepared.failures.filter((failure) => failure.column === '№')).toHaveLength(unfit);
    if (type === 'email') expect(prepared.failures[0]).toMatchObject({ row: 2, column: '№', problem: 'email', text: '1', detail: '“1” is not an e-mail address' });
    // The plan reads the mapping after the same checks as a mapping file: the type survives them, so does the count.
    const planned = applyMappingOverride(base, mappingToOverride(mapping));
    expect(planned.columns.find((column) => column.header === '№')!.type).toBe(type === 'text' ? 'string' : type);
    expect(prepareRows(table, planned).failures).toHaveLength(prepared.failures.length);
  });

  it('counts each typed column’s misfits and fails exactly the rows holding one', () => {
    let mapping = withType(base, 'Почта', 'email');
    mapping = withType(mapping, 'Телефон', 'phone');
    mapping = withType(mapping, 'Сайт', 'url');
    mapping = withType(mapping, 'Срок', 'date');
    mapping = withType(mapping, 'Оплачено', 'boolean');
    const prepared = prepareRows(table, mapping);
    const fits = Object.fromEntries(prepared.columnFits.map((fit) => [fit.column, [fit.unfit, fit.filled, fit.problem, fit.example]]));
    expect(fits['Почта']).toEqual([3, 7, 'email', 'bob@example']);
    expect(fits['Телефон']).toEqual([3, 7, 'phone', '123-45']);
    expect(fits['Сайт']).toEqual([2, 7, 'url', 'not a link']);
    expect(fits['Срок']).toEqual([2, 7, 'date', 'завтра']);
    expect(fits['Оплачено']).toEqual([1, 7, 'boolean', 'может быть']);
    expect(prepared.failures.map((failure) => failure.row)).toEqual([3, 4, 5, 6, 7, 9]);
    expect(prepared.rows.map((row) => row.sourceRow)).toEqual([2, 8]);
    // The link sent is the text as written; a multi-value e-mail column takes each address.
    expect(prepared.rows[0]!.values['uf:' + (mapping.columns[4]!.target as { suffix: string }).suffix]).toBe('https://example.com/a');
    const several: Mapping = { ...mapping, columns: mapping.columns.map((column) => (column.header === 'Почта' && column.target.kind === 'custom' ? { ...column, target: { ...column.target, multiple: true } } : column)) };
    expect(fitOf(several, table, 'Почта')).toMatchObject({ unfit: 2, filled: 7 });

    // The preview marks each such cell with its reason, and its problem filter finds the same rows.
    const index = indexPreview(table, mapping);
    expect(index.problemRows.map((i) => table.rowNumbers[i])).toEqual([3, 4, 5, 6, 7, 9]);
    const preview = previewRows(table, mapping, index, { from: 0, count: 8, problemsOnly: false });
    const phone = preview.columns.indexOf('Телефон');
    expect(preview.window[2]!.cells[phone]).toMatchObject({ problem: 'phone', text: '123-45' });
    expect(preview.window[0]!.cells[phone]!.error).toBeUndefined();
  });
});

describe('an xlsx whose number column is set to a date', () => {
  it('reads a plain number as a day only in the range of real dates (1954–2119)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Задачи');
    sheet.addRow(['№', 'Задача', 'Когда']);
    for (let i = 1; i <= 6; i++) sheet.addRow([i, `Задача ${i}`, i <= 3 ? 45_000 + i : new Date(Date.UTC(2025, 2, i))]);
    const path = join(dir, 'numbers.xlsx');
    await workbook.xlsx.writeFile(path);
    const { table, mapping: suggested } = await read(path);
    const mapping = withType({ ...suggested, key: { kind: 'column', columns: ['Задача'] } }, '№', 'date');
    expect(fitOf(mapping, table, '№')).toMatchObject({ filled: 6, unfit: 6, problem: 'date', example: '1' });
    // Day serials (45001 = 2023-03-16) and Excel dates are dates.
    const when = withType({ ...suggested, key: { kind: 'column', columns: ['Задача'] } }, 'Когда', 'date');
    const prepared = prepareRows(table, when);
    expect(prepared.failures).toEqual([]);
    const suffix = (when.columns[2]!.target as { suffix: string }).suffix;
    expect(prepared.rows.map((row) => row.values[`uf:${suffix}`])).toEqual(['2023-03-16', '2023-03-17', '2023-03-18', '2025-03-04', '2025-03-05', '2025-03-06']);
  });
});
